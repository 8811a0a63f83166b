/** How audit entries read on the screen, and saving the CSV export as a file. */
import { todayIso } from '../../format/dates';
import type { AuditEntry } from '../../../../preload/contract';

/** Who or what the entry is about: a login where one is known, else the raw subject. */
export function subjectOf(entry: AuditEntry): string | null {
  const login = entry.details.login;
  if (typeof login === 'string') return login;
  if (entry.subject !== null && entry.subject === entry.actorId) return entry.actorLogin ?? entry.subject;
  return entry.subject;
}

/** One detail value on one line: text as it is, everything else as compact JSON. */
function detailValue(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/** The details object as `key: value` pairs, in the stored (sorted) key order. */
export function detailPairs(details: Record<string, unknown>): Array<{ key: string; value: string }> {
  return Object.entries(details).map(([key, value]) => ({ key, value: detailValue(value) }));
}

/** okno-audit-2026-11-23.csv: the Minsk date of the export. */
export const exportFileName = (now = new Date()): string => `okno-audit-${todayIso(now)}.csv`;

/**
 * Saves text as a file the way both Chromium and Electron allow: a Blob behind `<a download>`.
 * Electron asks where to save (main/electron accepts only this window's own blob: exports).
 * Returns the object URL, which the caller revokes once the download no longer needs it.
 */
export function saveTextFile(text: string, fileName: string, type: string): string {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  return url;
}
