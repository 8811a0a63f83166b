/** Dates and names as the clerk reads them, in the interface language. */
import { openStates, type ApplicationSummary, type Person } from '../../../../preload/contract';
import { locale } from '../../i18n';

/** «не проверено в реестре» matters while the application is open: once decided, the registry has spoken. */
export const registryUncheckedOpen = (a: Pick<ApplicationSummary, 'registryUnchecked' | 'state'>): boolean =>
  a.registryUnchecked && (openStates as readonly string[]).includes(a.state);

/** 'YYYY-MM-DD' → '27.02.1987' (no time zone involved: it is a calendar date). */
export function formatIsoDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : date;
}

/** An instant (ISO timestamp) as a local date. */
export function formatDay(at: string): string {
  return new Intl.DateTimeFormat(locale(), { day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(at));
}

/** An instant as a local date and time. */
export function formatDateTime(at: string): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(at));
}

/** An instant as a local time of day (a retry «в 14:03:21»). */
export function formatTime(at: string): string {
  return new Intl.DateTimeFormat(locale(), { timeStyle: 'medium' }).format(new Date(at));
}

/** A registry date: a calendar date ('YYYY-MM-DD') or an instant, as a local date. */
export function formatAnyDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatIsoDate(value);
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? value : formatDay(value);
}

/** Today on this workstation as 'YYYY-MM-DD'. */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function fullName(person: Person): string {
  return [person.surname, person.givenNames, person.patronymic].filter((part) => part !== undefined && part !== '').join(' ');
}
