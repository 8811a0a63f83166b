/**
 * The shape every readiness line is built with: a title, what was found, and what to do, each in
 * Russian and Belarusian. Builders are pure (facts in, line out) so each verdict is tested with a
 * table of cases; main/readiness/checks-*.ts gather the facts.
 */
import type { Localized, ReadinessLine, ReadinessReport, ReadinessStatus } from '../../preload/contract';

export type { Localized, ReadinessLine, ReadinessReport, ReadinessStatus };

export const both = (ru: string, be: string): Localized => ({ ru, be });

export function line(id: string, status: ReadinessStatus, title: Localized, text: Localized, todo: Localized | null = null): ReadinessLine {
  // A line that is not in order always says what to do (the brief of the screen and of the report).
  if (status !== 'ok' && todo === null) throw new Error(`readiness line ${id}: ${status} without what to do`);
  return { id, status, title, text, todo: status === 'ok' ? null : todo };
}

/** Ready when no line failed: a warning is for IT to look at, not a reason to keep the desk closed. */
export function summarize(at: Date, lines: readonly ReadinessLine[]): ReadinessReport {
  return { at: at.toISOString(), ready: lines.every((l) => l.status !== 'fail'), lines: [...lines] };
}

/** 1536 MB → «1,5 ГБ»; both languages write sizes alike. */
export function formatBytes(bytes: number): string {
  const gb = bytes / 1024 ** 3;
  if (gb >= 1) return `${gb.toFixed(1).replace('.', ',')} ГБ`;
  return `${Math.floor(bytes / 1024 ** 2)} МБ`;
}

/** A duration for humans: «3 мин», «5 ч», «2 сут.» (the same abbreviations in be). */
export function formatAge(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 120) return `${minutes} мин`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} ч`;
  return `${Math.round(hours / 24)} сут.`;
}
