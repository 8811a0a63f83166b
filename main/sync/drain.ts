/**
 * Draining the outbox (DESIGN.md 5) for the sync worker (main/sync/worker.ts): batch after batch,
 * with the network and the database working at the same time.
 *
 * While batch n is on the wire, the answer of batch n-1 is committed and batch n+1 is read,
 * decrypted and built. Why nothing is lost or sent twice:
 * - An item stays `pending` in the outbox until the commit that stores its answer. Items whose
 *   batch is on the wire or whose answer is being stored are excluded from the next read, so no
 *   item is in two batches of one run.
 * - A crash after batch n+1 left but before batch n's answer was committed only means batch n is
 *   sent again at the next start; the registry is idempotent on the application id and answers
 *   `duplicate`, which settles it like `accepted`.
 * - Only a complete answer (one result per item, in order) is committed in the background. Any
 *   other answer (no answer, an error, a refused request re-sent item by item) is stored before
 *   anything else is sent, exactly as without pipelining, and ends the drain when the registry is
 *   unwell.
 */
import { pendingBatch } from '../../db';
import type { CentralClient } from '../central/client';
import type { SyncContext } from './context';
import { isCompleteAnswer, prepareBatch, storeAnswer, storeResults, type Answer, type Prepared } from './submissions';

export type DrainOptions = {
  batchSize: number;
  /** Called while each batch is on the wire (the worker refreshes the status bar's figures, throttled). */
  afterBatch: () => Promise<void>;
};

/** A commit running in the background; resolves to its error, if any, so it never goes unhandled. */
type Storing = { ids: string[]; done: Promise<unknown> };

const idsOf = (p: Prepared): string[] => p.items.map((i) => i.applicationId);

/** Sends every due item; false when sending stopped because the registry is unwell or gone. */
export async function drainOutbox(ctx: SyncContext, api: CentralClient, options: DrainOptions): Promise<boolean> {
  const { db, clock } = ctx.deps;
  const read = async (exclude: readonly string[]): Promise<Prepared | null> => {
    const items = await pendingBatch(db, clock.now().toISOString(), options.batchSize, exclude);
    return items.length > 0 ? prepareBatch(ctx, items) : null;
  };
  const settle = async (storing: Storing | null): Promise<void> => {
    const error = storing === null ? null : await storing.done;
    if (error !== null) throw error;
  };

  let storing: Storing | null = null;
  let prepared: Prepared | null = await read([]);
  try {
    while (prepared !== null) {
      const batch: Prepared = prepared;
      const inFlight = idsOf(batch);
      // Every item of this batch had all its data rejected by us: nothing to send.
      const posting: Promise<Answer> | null = batch.submissions.length > 0 ? api.submit(batch.submissions) : null;
      // Queued on the one connection after the commit in the background, then the status figures.
      const following: Promise<Prepared | null> = read([...inFlight, ...(storing?.ids ?? [])]).then(async (p) => {
        await options.afterBatch();
        return p;
      });
      // Whichever fails first, the other is still awaited before leaving (no promise left unhandled).
      const [answer, next]: [PromiseSettledResult<Answer | null>, PromiseSettledResult<Prepared | null>] = await Promise.allSettled([
        posting,
        following,
      ]);
      await settle(storing);
      storing = null;
      if (next.status === 'rejected') throw next.reason;
      if (answer.status === 'rejected') throw answer.reason;
      prepared = next.value;
      if (answer.value === null) continue;
      if (isCompleteAnswer(batch, answer.value) && answer.value.ok) {
        const results: Extract<Answer, { ok: true }>['value']['results'] = answer.value.value.results;
        storing = {
          ids: inFlight,
          done: storeResults(ctx, batch, results).then(
            () => null,
            (error: unknown) => error ?? new Error('storing a batch failed'),
          ),
        };
        continue;
      }
      if (!(await storeAnswer(ctx, api, batch, answer.value))) return false;
    }
    return true;
  } finally {
    await settle(storing);
  }
}
