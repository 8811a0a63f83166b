/** Dates and names as the clerk reads them, in the interface language. */
import type { Person } from '../../../../preload/contract';
import { formatDay, formatIsoDate } from '../../format/dates';

export { formatDateTime, formatDay, formatIsoDate, formatTime, todayIso } from '../../format/dates';

/** A registry date: a calendar date ('YYYY-MM-DD') or an instant, as a date. */
export function formatAnyDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatIsoDate(value);
  return formatDay(value);
}

export function fullName(person: Person): string {
  return [person.surname, person.givenNames, person.patronymic].filter((part) => part !== undefined && part !== '').join(' ');
}
