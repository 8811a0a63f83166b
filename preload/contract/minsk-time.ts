/**
 * Office days are Minsk days. Belarus has kept UTC+3 all year since 2011, so a fixed offset is
 * exact and needs no time-zone database (which a stripped-down Node/ICU may lack). Shared by the
 * main process (journal years, report days) and the renderer (what a clerk reads), so both agree.
 */
const OFFSET_MS = 3 * 3_600_000;

/** The Minsk calendar date (YYYY-MM-DD) of an instant. */
export const minskDate = (instant: Date): string => new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);

export const minskYear = (instant: Date): number => Number(minskDate(instant).slice(0, 4));

/** The instant (ISO UTC) when a Minsk day starts. */
export const minskDayStart = (date: string): string => new Date(new Date(`${date}T00:00:00Z`).getTime() - OFFSET_MS).toISOString();

export const nextDate = (date: string): string => new Date(new Date(`${date}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);

/** '2026-11-23T09:05:00Z' → '23.11.2026 12:05' (Minsk time), for messages the main process writes. */
export const formatMinskDateTime = (iso: string): string => {
  const local = new Date(Date.parse(iso) + OFFSET_MS).toISOString();
  return `${local.slice(8, 10)}.${local.slice(5, 7)}.${local.slice(0, 4)} ${local.slice(11, 16)}`;
};

/** '2026-11-23 14:05:09', Minsk time: what a spreadsheet or a printed report reads as a date and time. */
export const minskDateTimeText = (iso: string): string =>
  new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');

/** Minsk wall-clock parts of an instant; weekday 0 = Sunday. */
export type MinskParts = { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number };

export function minskParts(instant: Date): MinskParts {
  const shifted = new Date(instant.getTime() + OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    weekday: shifted.getUTCDay(),
  };
}
