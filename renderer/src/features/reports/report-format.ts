/**
 * Dates of the reports: office days are Minsk days (UTC+3 all year, as main/domain/minsk-time.ts),
 * whatever time zone the workstation's browser is set to.
 */
import { locale } from '../../i18n';

const OFFSET_MS = 3 * 3_600_000;
const DAY_MS = 86_400_000;

/** Today in Minsk as 'YYYY-MM-DD'. */
export const minskToday = (now = new Date()): string => new Date(now.getTime() + OFFSET_MS).toISOString().slice(0, 10);

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
export function minskDateTime(iso: string): string {
  const shifted = new Date(new Date(iso).getTime() + OFFSET_MS).toISOString();
  return `${shifted.slice(8, 10)}.${shifted.slice(5, 7)}.${shifted.slice(0, 4)} ${shifted.slice(11, 16)}`;
}

/** '23.11' for the chart's axis. */
export const dayMonth = (date: string): string => `${date.slice(8, 10)}.${date.slice(5, 7)}`;

/** A share of the total in per cent, one decimal, in the interface language ('—' for an empty total). */
export function share(count: number, total: number): string {
  if (total === 0) return '—';
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(count / total);
}

export const formatCount = (n: number): string => new Intl.NumberFormat(locale()).format(n);

/** okno-applications-2026-11-01_2026-11-30.csv / okno-summary-…: what and which period. */
export const reportFileName = (kind: 'applications' | 'summary', from: string, to: string): string => `okno-${kind}-${from}_${to}.csv`;
