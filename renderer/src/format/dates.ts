/**
 * Dates, times and counts as a clerk reads them, in Minsk time and in the interface language,
 * formatted here rather than by Intl: a browser or Electron without Belarusian locale data falls
 * back to the system's (US English on an English Windows), and the office's day is Minsk's, not the
 * workstation clock's zone. Pure: the language is a parameter.
 */
import { minskDate, minskParts } from '../../../preload/contract/minsk-time';

export type DateLanguage = 'ru' | 'be';

const MONTHS_GENITIVE: Record<DateLanguage, readonly string[]> = {
  ru: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
  be: [
    'студзеня',
    'лютага',
    'сакавіка',
    'красавіка',
    'мая',
    'чэрвеня',
    'ліпеня',
    'жніўня',
    'верасня',
    'кастрычніка',
    'лістапада',
    'снежня',
  ],
};

const WEEKDAYS: Record<DateLanguage, readonly string[]> = {
  ru: ['воскресенье', 'понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота'],
  be: ['нядзеля', 'панядзелак', 'аўторак', 'серада', 'чацвер', 'пятніца', 'субота'],
};

const two = (n: number): string => String(n).padStart(2, '0');

const instantOf = (at: string | Date): Date | null => {
  const d = typeof at === 'string' ? new Date(at) : at;
  return Number.isNaN(d.getTime()) ? null : d;
};

/** 'YYYY-MM-DD' → '27.02.1987' (a calendar date: no time zone involved). */
export function formatIsoDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : date;
}

/** An instant as its Minsk date, '04.12.2026'; an unreadable value is shown as it is. */
export function formatDay(at: string | Date): string {
  const d = instantOf(at);
  if (d === null) return String(at);
  const p = minskParts(d);
  return `${two(p.day)}.${two(p.month)}.${p.year}`;
}

/** An instant as Minsk time of day, '14:57:16' (or '14:57' without seconds). */
export function formatTime(at: string | Date, seconds = true): string {
  const d = instantOf(at);
  if (d === null) return String(at);
  const p = minskParts(d);
  return `${two(p.hour)}:${two(p.minute)}${seconds ? `:${two(p.second)}` : ''}`;
}

/** An instant as Minsk date and time, '04.12.2026 14:57:16' (or '04.12.2026 14:57'). */
export function formatDateTime(at: string | Date, seconds = true): string {
  const d = instantOf(at);
  return d === null ? String(at) : `${formatDay(d)} ${formatTime(d, seconds)}`;
}

/** '4 декабря 2026' / '4 снежня 2026', with the weekday in front when asked ('пятница, 4 декабря 2026'). */
export function formatLongDate(at: string | Date, language: DateLanguage, withWeekday = false): string {
  const d = instantOf(at);
  if (d === null) return String(at);
  const p = minskParts(d);
  const date = `${p.day} ${MONTHS_GENITIVE[language][p.month - 1] ?? ''} ${p.year}`;
  return withWeekday ? `${WEEKDAYS[language][p.weekday] ?? ''}, ${date}` : date;
}

/** Today in Minsk as 'YYYY-MM-DD' (the office's day, whatever the workstation's zone). */
export const todayIso = (now = new Date()): string => minskDate(now);

/** 1234567 → '1 234 567' (no-break spaces, as both languages write thousands). */
export function formatCount(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.trunc(Math.abs(n))).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
}

/** A share as per cent with one decimal and a decimal comma: '12,5\u00a0%'; '—' for an empty total. */
export function formatShare(count: number, total: number): string {
  if (total === 0) return '—';
  const tenths = Math.round((count / total) * 1000);
  return `${formatCount(Math.trunc(tenths / 10))},${Math.abs(tenths % 10)}\u00a0%`;
}
