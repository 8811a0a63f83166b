/** How audit entries read on the screen: what an entry is about and its details, in words. Pure. */
import type { AuditEntry } from '../../../../preload/contract';
import { formatDateTime, formatIsoDate } from '../../format/dates';

/** Who or what the entry is about, in words: a clerk's name, an application's number, a device; else the raw subject. */
export function subjectOf(
  entry: AuditEntry,
  words: {
    clerkName: (id: string) => string | undefined;
    application: (journalNo: string) => string;
    device: (kind: string) => string | undefined;
  },
): string | null {
  const { login, journalNo } = entry.details;
  if (typeof journalNo === 'string') return words.application(journalNo);
  if (entry.subject !== null) {
    const named = words.clerkName(entry.subject) ?? words.device(entry.subject);
    if (named !== undefined) return named;
  }
  if (typeof login === 'string') return login;
  if (entry.subject !== null && entry.subject === entry.actorId) return entry.actorLogin ?? entry.subject;
  return entry.subject;
}

export type DetailWords = {
  yes: string;
  no: string;
  dash: string;
  reason: (code: string) => string;
  clerkName: (id: string) => string | undefined;
};

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One detail value as a person reads it: times in Minsk, dates ДД.ММ.ГГГГ, yes/no, reason codes in words. */
export function detailText(key: string, value: unknown, words: DetailWords): string {
  if (value === null || value === undefined) return words.dash;
  if (typeof value === 'boolean') return value ? words.yes : words.no;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') {
    if (INSTANT.test(value)) return formatDateTime(value);
    if (DATE.test(value)) return formatIsoDate(value);
    if (key === 'reason' && /^[A-Z][A-Z_]+$/.test(value)) return words.reason(value);
    if (key === 'clerkId') return words.clerkName(value) ?? value;
    return value;
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => (key === 'reasons' && typeof item === 'string' ? words.reason(item) : detailText(key, item, words)));
    return items.length === 0 ? words.dash : items.join('; ');
  }
  return JSON.stringify(value) ?? String(value);
}

/** The details object as `key: value` pairs, in the stored (sorted) key order. */
export function detailPairs(details: Record<string, unknown>, words: DetailWords): Array<{ key: string; value: string }> {
  return Object.entries(details).map(([key, value]) => ({ key, value: detailText(key, value, words) }));
}
