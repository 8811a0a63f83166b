/** Dates and names as the clerk reads them, in the interface language. */
import { openStates, type ApplicationSummary, type Person } from '../../../../preload/contract';
import { formatDay, formatIsoDate } from '../../format/dates';

export { formatDateTime, formatDay, formatIsoDate, formatTime, todayIso } from '../../format/dates';

/** «не проверено в реестре» matters while the application is open: once decided, the registry has spoken. */
export const registryUncheckedOpen = (a: Pick<ApplicationSummary, 'registryUnchecked' | 'state'>): boolean =>
  a.registryUnchecked && (openStates as readonly string[]).includes(a.state);

/** A registry date: a calendar date ('YYYY-MM-DD') or an instant, as a date. */
export function formatAnyDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatIsoDate(value);
  return formatDay(value);
}

export function fullName(person: Person): string {
  return [person.surname, person.givenNames, person.patronymic].filter((part) => part !== undefined && part !== '').join(' ');
}
