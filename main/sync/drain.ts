/**
 * Draining the outbox (DESIGN.md 5) for the sync worker (main/sync/worker.ts): batch after batch,
 * with the network and the database working at the same time.
 *
 * While batches are on the wire (two at once, so the registry always has the next one), the answers
 * before them are committed (all that arrived during the previous commit, in one transaction) and
 * the next page is read, decrypted and built. Why nothing is lost or sent twice:
 * - An item stays `pending` in the outbox until the commit that stores its answer. Pages are read
 *   in sending order from where the last one ended (a keyset cursor), so an item read in this run
 *   is behind the cursor and is never in two batches, whether its answer is stored yet or not.
 *   After a full first page, pages are read on a read-only connection of their own (WAL lets it
 *   read beside the writer's commits).
 * - A crash after batch n+1 left but before batch n's answer was committed only means batch n is
 *   sent again at the next start; the registry is idempotent on the application id and answers
 *   `duplicate`, which settles it like `accepted`.
 * - Answers are handled in sending order. Only a complete answer (one result per item, in order)
 *   is committed in the background. Any other answer (no answer, an error, a refused request
 *   re-sent item by item) is stored after every earlier one, and so are the answers still on the
 *   wire after it, before anything more is sent; the drain ends when the registry is unwell.
 */
import { openReader, pendingBatch, type OutboxCursor } from '../../db';
import type { CentralClient } from '../central/client';
import type { SyncContext } from './context';
import { isCompleteAnswer, prepareBatch, storeAnswer, storeResults, type Answer, type Prepared } from './submissions';

export type DrainOptions = {
  batchSize: number;
  /** Called while each batch is on the wire (the worker refreshes the status bar's figures, throttled). */
  afterBatch: () => Promise<void>;
};

type Results = Extract<Answer, { ok: true }>['value']['results'];

/** Uncommitted answers beyond this make the drain wait for the commit (memory held by answers not yet stored). */
const MAX_UNCOMMITTED = 1000;

/**
 * Commits complete answers in the background, one transaction for all answers that arrived while
 * the previous commit ran (group commit): when the database is slower than the network, the
 * answers pile up and are committed together instead of queueing one transaction per batch.
 */
function createCommitter(ctx: SyncContext) {
  const waiting: { batch: Prepared; results: Results }[] = [];
  const uncommitted = new Set<string>();
  let running: Promise<void> | null = null;
  let failure: { error: unknown } | null = null;

  const run = async (): Promise<void> => {
    while (waiting.length > 0 && failure === null) {
      const group = waiting.splice(0);
      const merged: Prepared = {
        items: group.flatMap((g) => g.batch.items),
        rows: group.flatMap((g) => g.batch.rows),
        submissions: group.flatMap((g) => g.batch.submissions),
      };
      try {
        await storeResults(
          ctx,
          merged,
          group.flatMap((g) => g.results),
        );
      } catch (error) {
        failure = { error };
        return;
      }
      for (const item of merged.items) uncommitted.delete(item.applicationId);
    }
  };
  const start = (): void => {
    running = run().finally(() => {
      running = null;
      if (waiting.length > 0 && failure === null) start();
    });
  };
  const check = (): void => {
    if (failure !== null) throw failure.error;
  };
  return {
    add(batch: Prepared, results: Results): void {
      for (const item of batch.items) uncommitted.add(item.applicationId);
      waiting.push({ batch, results });
      if (running === null) start();
    },
    check,
    /** Waits until at most `limit` items are uncommitted (0: everything committed); throws a commit's error. */
    async settle(limit = 0): Promise<void> {
      while (uncommitted.size > limit && running !== null && failure === null) await running;
      check();
    },
  };
}

/** Batches read at once: the next request never waits for the database, which reads in one query what five would. */
const READ_AHEAD = 5;

/** One prepared read cut into batches; an item rejected while preparing is in no batch (it is settled). */
function cut(prepared: Prepared, size: number): Prepared[] {
  const items = new Map(prepared.items.map((i) => [i.applicationId, i]));
  const out: Prepared[] = [];
  for (let i = 0; i < prepared.rows.length; i += size) {
    const rows = prepared.rows.slice(i, i + size);
    out.push({
      items: rows.flatMap((r) => items.get(r.id) ?? []),
      rows,
      submissions: prepared.submissions.slice(i, i + size),
    });
  }
  return out;
}

/** Requests on the wire at once: the registry always has the next batch when it finishes one, while we handle the answer before. */
const ON_THE_WIRE = 2;

/** Sends every due item; false when sending stopped because the registry is unwell or gone. */
export async function drainOutbox(ctx: SyncContext, api: CentralClient, options: DrainOptions): Promise<boolean> {
  const { db, clock } = ctx.deps;
  const { batchSize } = options;
  const committer = createCommitter(ctx);
  const queue: Prepared[] = [];
  // In sending order; an answer is handled only after every answer before it.
  const wire: { batch: Prepared; answer: Promise<Answer> }[] = [];
  let exhausted = false;
  // Pages follow each other in sending order from where the last ended (keyset): an item read in
  // this run is behind the cursor, so it is never read twice, in flight or not, without an exclusion list.
  let cursor: OutboxCursor | null = null;
  // Resolves to its error, if any, so it is never left unhandled while the loop goes on.
  let reading: Promise<{ error: unknown } | null> | null = null;
  // The status bar's figures are refreshed beside the reads, not in their way (the next batch waits for a read).
  let refreshing: Promise<void> | null = null;
  let refreshFailure: { error: unknown } | null = null;
  // After a full first page (a backlog, not the one application just signed) the pages are read on a
  // read-only connection of their own, beside the writer's commits instead of queued behind them.
  let reader = null as typeof db | null;
  const readAhead = (): void => {
    reading = (async () => {
      const limit = batchSize * READ_AHEAD;
      const items = await pendingBatch(reader ?? db, clock.now().toISOString(), limit, cursor);
      const last = items.at(-1);
      if (last === undefined) exhausted = true;
      else {
        cursor = {
          enqueuedAt: last.enqueuedAt,
          applicationId: last.applicationId,
        };
        queue.push(...cut(await prepareBatch(ctx, items, reader ?? db), batchSize));
        if (items.length === limit && reader === null) reader = (await openReader(db)) ?? db;
      }
      refreshing ??= options
        .afterBatch()
        .catch((error: unknown) => {
          refreshFailure ??= { error };
        })
        .finally(() => {
          refreshing = null;
        });
      return null;
    })().catch((error: unknown) => ({ error }));
  };
  const awaitReading = async (): Promise<void> => {
    const r = reading;
    reading = null;
    const failed = r === null ? null : await r;
    if (failed !== null) throw failed.error;
  };
  const awaitRefreshing = async (): Promise<void> => {
    await refreshing;
    if (refreshFailure !== null) throw refreshFailure.error;
  };
  /** Puts the next batch with something to send on the wire; false when none is ready. */
  const sendNext = (): boolean => {
    for (let batch = queue.shift(); batch !== undefined; batch = queue.shift()) {
      // A read is kept going whenever the queue has room: the database reads while the batches are on the wire.
      if (reading === null && !exhausted && queue.length <= READ_AHEAD) readAhead();
      // Every item of this batch had all its data rejected by us: nothing to send.
      if (batch.submissions.length === 0) continue;
      wire.push({ batch, answer: api.submit(batch.submissions) });
      return true;
    }
    return false;
  };
  /** Every answer still on the wire, stored in order; false when one said the registry is unwell. */
  const storeTheRest = async (): Promise<boolean> => {
    let healthy = true;
    for (let w = wire.shift(); w !== undefined; w = wire.shift()) {
      const answer = await w.answer;
      if (healthy && isCompleteAnswer(w.batch, answer) && answer.ok) {
        committer.add(w.batch, answer.value.results);
        continue;
      }
      await committer.settle();
      // After an unwell answer the later ones are still stored (an accepted item must not be sent again needlessly).
      if (!(await storeAnswer(ctx, api, w.batch, answer))) healthy = false;
    }
    return healthy;
  };

  try {
    readAhead();
    for (;;) {
      while (wire.length < ON_THE_WIRE && sendNext());
      const head = wire[0];
      if (head === undefined) {
        await awaitReading();
        if (queue.length === 0) {
          if (exhausted) return true;
          readAhead();
        }
        continue;
      }
      const answer = await head.answer;
      committer.check();
      if (isCompleteAnswer(head.batch, answer) && answer.ok) {
        wire.shift();
        committer.add(head.batch, answer.value.results);
        await committer.settle(MAX_UNCOMMITTED);
        continue;
      }
      // Anything else is stored after every earlier answer, before anything more is sent.
      if (!(await storeTheRest())) return false;
    }
  } finally {
    // Only when an error was thrown is anything left on the wire: its answers are awaited, not stored (the items stay pending).
    await Promise.allSettled(wire.map((w) => w.answer));
    await awaitReading();
    await awaitRefreshing();
    await committer.settle();
    if (reader !== null && reader !== db) await reader.destroy();
  }
}
