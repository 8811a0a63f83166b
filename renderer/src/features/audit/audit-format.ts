/** The audit export: its file name and saving it as a file. */
import { todayIso } from '../../format/dates';

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
