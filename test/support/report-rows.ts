/**
 * Applications with a believable history for the report tests: the Minsk calendar computed
 * independently of the app's helpers, and a timeline whose timestamps fit the state.
 */
import type { NewApplication } from '../../db';
import type { ApplicationState } from '../../preload/contract';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Minsk is UTC+3 all year. */
export const minskDay = (iso: string) => new Date(Date.parse(iso) + 3 * HOUR).toISOString().slice(0, 10);
export const minskDayStart = (date: string) => Date.parse(`${date}T00:00:00.000Z`) - 3 * HOUR;
export const isoOf = (ms: number) => new Date(ms).toISOString();

export interface Timeline {
  state: ApplicationState;
  printedAt: string | null;
  signedAt: string | null;
  sentAt: string | null;
  decidedAt: string | null;
  cancelledAt: string | null;
  rejectedAt: string | null;
  updatedAt: string;
}

/**
 * The steps towards `planned`, each a minute to 40 minutes after the one before (one in five
 * about a day later). A step that would come after `now` has not happened: the application stays
 * in the state before it. Half the cancelled ones were printed first; half the rejected ones
 * were sent before the registry rejected them.
 */
export function timeline(random: () => number, createdMs: number, now: number, planned: ApplicationState): Timeline {
  const step = (after: number) => after + 60_000 + Math.floor(random() * (random() < 0.2 ? 30 * HOUR : 40 * 60_000));
  const happened = (at: number | null) => (at !== null && at <= now ? at : null);
  const printed = happened(planned === 'draft' || (planned === 'cancelled' && random() < 0.5) ? null : step(createdMs));
  const signed = happened(
    ['queued', 'sent', 'approved', 'refused', 'rejected'].includes(planned) && printed !== null ? step(printed) : null,
  );
  const sent = happened(
    signed !== null && (['sent', 'approved', 'refused'].includes(planned) || (planned === 'rejected' && random() < 0.5))
      ? step(signed)
      : null,
  );
  const final = happened(
    (planned === 'approved' || planned === 'refused') && sent !== null
      ? step(sent)
      : planned === 'rejected' && signed !== null
        ? step(sent ?? signed)
        : planned === 'cancelled'
          ? step(printed ?? createdMs)
          : null,
  );
  const state: ApplicationState =
    final !== null ? planned : sent !== null ? 'sent' : signed !== null ? 'queued' : printed !== null ? 'awaiting_signature' : 'draft';
  const at = (ms: number | null) => (ms === null ? null : isoOf(ms));
  return {
    state,
    printedAt: at(printed),
    signedAt: at(signed),
    sentAt: at(sent),
    decidedAt: state === 'approved' || state === 'refused' ? at(final) : null,
    cancelledAt: state === 'cancelled' ? at(final) : null,
    rejectedAt: state === 'rejected' ? at(final) : null,
    updatedAt: isoOf(Math.max(createdMs, printed ?? 0, signed ?? 0, sent ?? 0, final ?? 0)),
  };
}

/** What the report tests keep of a seeded application: the journal facts and its outbox attempts. */
export type SeededRow = Pick<
  NewApplication,
  | 'id'
  | 'journalNo'
  | 'procedure'
  | 'state'
  | 'clerkId'
  | 'createdAt'
  | 'printedAt'
  | 'signedAt'
  | 'sentAt'
  | 'decidedAt'
  | 'cancelledAt'
  | 'rejectedAt'
> & { attempts: number; lastError: string | null };
