/**
 * The ДД.ММ.ГГГГ mask of a date field: the clerk types digits only and the dots appear; a pasted
 * ISO date ('2026-12-04', what the form stores) or a dotted one is taken as it is. Pure.
 */
import { formatIsoDate } from './dates';

export type MaskedDate = {
  /** What the field shows. */
  text: string;
  /** 'YYYY-MM-DD' when the text is a complete, real calendar date; otherwise null. */
  iso: string | null;
};

function realIso(year: string, month: string, day: string): string | null {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  if (m < 1 || m > 12 || d < 1 || y < 1) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  // Date.UTC maps years 0–99 to 1900–1999; a four-digit year below 100 is not a date we take.
  if (y < 100 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${year}-${month}-${day}`;
}

/** Applies the mask to what the field now holds (typed, deleted or pasted). */
export function maskDate(raw: string): MaskedDate {
  const trimmed = raw.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  if (iso) {
    const [, y = '', m = '', d = ''] = iso;
    return { text: formatIsoDate(trimmed), iso: realIso(y, m, d) };
  }
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(trimmed);
  const digits = dotted
    ? `${(dotted[1] ?? '').padStart(2, '0')}${(dotted[2] ?? '').padStart(2, '0')}${dotted[3] ?? ''}`
    : trimmed.replace(/\D/g, '').slice(0, 8);
  const day = digits.slice(0, 2);
  const month = digits.slice(2, 4);
  const year = digits.slice(4, 8);
  // A dot appears with the first digit after it, so Backspace never fights a dot the mask added.
  const text = [day, month, year].filter((part) => part.length > 0).join('.');
  return { text, iso: digits.length === 8 ? realIso(year, month, day) : null };
}

/** What the form stores for the field: ISO when complete and real, '' when empty, else the text (so validation can say it is incomplete). */
export const storedDate = (masked: MaskedDate): string => masked.iso ?? masked.text;

/** The field's text for a stored value: ISO shown as ДД.ММ.ГГГГ, anything else as it is. */
export const shownDate = (stored: string): string => (/^\d{4}-\d{2}-\d{2}$/.test(stored) ? formatIsoDate(stored) : stored);
