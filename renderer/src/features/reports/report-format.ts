/**
 * Dates of the reports: office days are Minsk days (UTC+3 all year, as preload/contract/minsk-time.ts),
 * whatever time zone the workstation's browser is set to.
 */
import { formatCount, formatDateTime, formatShare, todayIso } from '../../format/dates';

const DAY_MS = 86_400_000;

/** Today in Minsk as 'YYYY-MM-DD'. */
export const minskToday = todayIso;

/** The calendar month holding `date`: its first and last day. */
export function monthOf(date: string): { from: string; to: string } {
  const [y = 2000, m = 1] = date.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { from: `${date.slice(0, 7)}-01`, to: last };
}

/** The month before the one holding `date`. */
export function previousMonth(date: string): { from: string; to: string } {
  const first = Date.parse(`${monthOf(date).from}T00:00:00Z`);
  return monthOf(new Date(first - DAY_MS).toISOString().slice(0, 10));
}

/** '23.11.2026 14:05' in Minsk time: the same text as the main process writes into the reasons. */
export const minskDateTime = (iso: string): string => formatDateTime(iso, false);

/** '23.11' for the chart's axis. */
export const dayMonth = (date: string): string => `${date.slice(8, 10)}.${date.slice(5, 7)}`;

/** A share of the total in per cent, one decimal, in the interface language ('—' for an empty total). */
export const share = formatShare;

export { formatCount };

/** okno-applications-2026-11-01_2026-11-30.csv / okno-summary-…: what and which period. */
export const reportFileName = (kind: 'applications' | 'summary', from: string, to: string): string => `okno-${kind}-${from}_${to}.csv`;
