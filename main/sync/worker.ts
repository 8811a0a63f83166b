/**
 * The sync worker (DESIGN.md 5): sends the outbox to the central registry and applies its
 * decisions. One run at a time; a run is started by a timer, by `kick()` (a signature, «Отправить
 * сейчас», the registry coming back), never by the renderer polling.
 *
 * - Online is decided by /v1/health, checked every `offlineCheckMs` while offline; a request
 *   that gets no answer marks the registry offline.
 * - Sending a batch, and why nothing is dropped: main/sync/submissions.ts. Pulling and applying
 *   decisions, and why a crash is harmless: main/sync/decisions.ts. This module keeps the run,
 *   its schedule and the status.
 */
import { fieldMessage, type SyncStatus } from '../../preload/contract';
import {
  countAwaitingDecision,
  countPending,
  makeAllDue,
  nextDueAt,
  oldestPending,
  pendingBatch,
  readMeta,
  type OutboxItem,
} from '../../db';
import { createCentralClient, describeFailure, type CentralClient, type CentralFailure } from '../central/client';
import type { Deps } from '../services/deps';
import { anchorAuditHead } from './anchors';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import type { DecidedEvent, SyncContext } from './context';
import { pullDecisions, SET_ASIDE_KEY } from './decisions';
import { postBatch, prepareBatch, type Prepared } from './submissions';
import type { TokenStore } from './token';

export { CURSOR_KEY } from './decisions';
export type { DecidedEvent } from './context';

export type SyncWorkerOptions = {
  deps: Pick<Deps, 'db' | 'clock' | 'log' | 'cipher' | 'settings'>;
  token: TokenStore;
  fetch?: typeof fetch;
  random?: () => number;
  backoff?: BackoffPolicy;
  /** Health check interval while offline. Default 5 s. */
  offlineCheckMs?: number;
  /** Decision pull interval while some application awaits one. Default 5 s. */
  decisionsPollMs?: number;
  /** Idle pull (also notices the registry going away). Default 30 s. */
  idlePollMs?: number;
  batchSize?: number;
  timeoutMs?: number;
  /** The office roster's round (main/sync/roster.ts), run while online after the decisions. */
  roster?: (api: CentralClient) => Promise<unknown>;
};

export interface SyncWorker {
  start(): void;
  stop(): Promise<void>;
  /** Run as soon as possible (after the current run, if one is going). */
  kick(): void;
  /** «Отправить сейчас»: every waiting item is due now; runs at once. */
  sendNow(): Promise<SyncStatus>;
  status(): SyncStatus;
  /** The client for the current settings and token; null when not configured. */
  client(): CentralClient | null;
  /** A request outside the worker got no answer (phone code, lookup): show offline, check health. */
  reportOffline(failure: CentralFailure): void;
  onStatus(listener: (status: SyncStatus) => void): () => void;
  onDecided(listener: (event: DecidedEvent) => void): () => void;
  /** Resolves when the current run (if there is one) has finished. */
  idle(): Promise<void>;
}

export function createSyncWorker(options: SyncWorkerOptions): SyncWorker {
  const { deps, token } = options;
  const { db, clock, log, settings } = deps;
  const random = options.random ?? Math.random;
  const policy = options.backoff ?? DEFAULT_BACKOFF;
  const offlineCheckMs = options.offlineCheckMs ?? 5000;
  const decisionsPollMs = options.decisionsPollMs ?? 5000;
  const idlePollMs = options.idlePollMs ?? 30_000;
  const batchSize = options.batchSize ?? 100;
  const statusListeners = new Set<(s: SyncStatus) => void>();
  const decidedListeners = new Set<(e: DecidedEvent) => void>();

  let state: SyncStatus = {
    configured: false,
    online: null,
    pending: 0,
    awaitingDecision: 0,
    oldestPendingAt: null,
    lastError: null,
    lastErrorAt: null,
    nextAttemptAt: null,
    lastSyncAt: null,
    decisionsSetAside: 0,
  };
  let running = false;
  let again = false;
  let stopped = true;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let current: Promise<void> = Promise.resolve();
  let cached: { key: string; client: CentralClient } | null = null;

  const client = (): CentralClient | null => {
    const url = settings.values().registryUrl;
    const bearer = token.get();
    if (url === '' || bearer === null) return null;
    const key = `${url}\n${bearer}`;
    if (cached?.key !== key) {
      cached = {
        key,
        client: createCentralClient({
          baseUrl: url,
          token: bearer,
          now: () => clock.now(),
          ...(options.fetch !== undefined && { fetch: options.fetch }),
          ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
        }),
      };
    }
    return cached.client;
  };

  let lastPublished = '';
  const publish = (): void => {
    const key = JSON.stringify(state);
    if (key === lastPublished) return;
    lastPublished = key;
    for (const l of [...statusListeners]) l(state);
  };
  const update = (patch: Partial<SyncStatus>): void => {
    state = { ...state, ...patch };
    publish();
  };
  // An office can be offline for days with a health check every few seconds: a failure is logged as
  // a warning when it differs from the previous one, repeats only at debug level.
  let lastFailureLogged = '';
  const failed = (failure: CentralFailure): void => {
    const fields = { kind: failure.kind, status: failure.kind === 'network' ? null : failure.status };
    const key = JSON.stringify(fields);
    if (key === lastFailureLogged) log.debug('sync: registry request failed again', fields);
    else log.warn('sync: registry request failed', fields);
    lastFailureLogged = key;
    update({ lastError: describeFailure(failure), lastErrorAt: clock.now().toISOString() });
  };

  let countedAt = 0;
  const refreshCounts = async (): Promise<void> => {
    countedAt = Date.now();
    const [pending, awaitingDecision, oldest, setAside] = await Promise.all([
      countPending(db),
      countAwaitingDecision(db),
      oldestPending(db),
      readMeta(db, SET_ASIDE_KEY),
    ]);
    update({ pending, awaitingDecision, oldestPendingAt: oldest?.enqueuedAt ?? null, decisionsSetAside: Number(setAside ?? '0') });
  };

  const schedule = (ms: number): void => {
    if (stopped) return;
    if (timer !== null) clearTimeout(timer);
    const wait = Math.max(0, Math.min(ms, 2 ** 31 - 1));
    update({ nextAttemptAt: new Date(clock.now().getTime() + wait).toISOString() });
    timer = setTimeout(() => {
      timer = null;
      kick();
    }, wait);
    timer.unref();
  };

  const decided: DecidedEvent[] = [];
  const flushDecided = (): void => {
    for (const e of decided.splice(0)) for (const l of [...decidedListeners]) l(e);
  };
  const ctx: SyncContext = { deps, policy, random, update, failed, decided, flushDecided };

  // --- the run -----------------------------------------------------------------------------

  async function runOnce(): Promise<void> {
    const api = client();
    if (api === null) {
      update({ configured: false, online: null, nextAttemptAt: null });
      await refreshCounts();
      return;
    }
    update({ configured: true });
    if (state.online !== true) {
      const health = await api.health();
      if (!health.ok) {
        update({ online: false });
        failed(health.failure);
        await refreshCounts();
        schedule(offlineCheckMs);
        return;
      }
      if (lastFailureLogged !== '') log.info('sync: the registry answers again');
      lastFailureLogged = '';
      update({ online: true });
    }
    // Pipelined: while one batch is on the wire the next one is read, decrypted and built. Items
    // of the batch in flight are excluded, as they are still pending until its answer is stored.
    let current = await pendingBatch(db, clock.now().toISOString(), batchSize);
    let prepared = current.length > 0 ? await prepareBatch(ctx, current) : null;
    while (prepared !== null) {
      const inFlight = current.map((i) => i.applicationId);
      // A holder, not a variable: it is filled inside the callback, which TypeScript cannot follow.
      const following: { next: Promise<{ items: OutboxItem[]; prepared: Prepared | null }> | null } = { next: null };
      const healthy = await postBatch(ctx, api, prepared, () => {
        following.next = pendingBatch(db, clock.now().toISOString(), batchSize, inFlight).then(async (items) => ({
          items,
          prepared: items.length > 0 ? await prepareBatch(ctx, items) : null,
        }));
      });
      const after: { items: OutboxItem[]; prepared: Prepared | null } | null = following.next === null ? null : await following.next;
      flushDecided();
      // Between batches the status bar's figures are refreshed a few times a second, not per batch.
      if (Date.now() - countedAt >= 250) await refreshCounts();
      if (!healthy) break;
      if (after === null) {
        current = await pendingBatch(db, clock.now().toISOString(), batchSize);
        prepared = current.length > 0 ? await prepareBatch(ctx, current) : null;
      } else {
        current = after.items;
        prepared = after.prepared;
      }
    }
    if (state.online === true) await pullDecisions(ctx, api);
    if (state.online === true && options.roster !== undefined) await options.roster(api);
    // After the decisions, so the anchored head includes their audit rows (main/sync/anchors.ts).
    if (state.online === true) await anchorAuditHead(deps, api);
    await refreshCounts();
    if (state.online !== true) {
      schedule(offlineCheckMs);
      return;
    }
    const due = await nextDueAt(db);
    const untilDue = due === null ? Infinity : Date.parse(due) - clock.now().getTime();
    schedule(Math.min(untilDue, state.awaitingDecision > 0 ? decisionsPollMs : idlePollMs));
  }

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    current = (async () => {
      try {
        do {
          again = false;
          try {
            await runOnce();
          } catch (error) {
            // A bug or the database: log it, keep the worker alive, try again later.
            log.error('sync run failed', { error });
            update({ lastError: fieldMessage('sync.internal'), lastErrorAt: clock.now().toISOString() });
            schedule(offlineCheckMs);
          }
        } while (again && !stopped);
      } finally {
        running = false;
      }
    })();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      kick();
    },
    async stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await current;
    },
    kick,
    async sendNow() {
      await makeAllDue(db, clock.now().toISOString());
      // Whether or not it looked online, ask again now.
      if (state.online === false) update({ online: null });
      kick();
      await current;
      return state;
    },
    status: () => state,
    client,
    reportOffline(failure) {
      if (failure.kind !== 'network') return;
      update({ online: false });
      failed(failure);
      if (!running) schedule(offlineCheckMs);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    onDecided(listener) {
      decidedListeners.add(listener);
      return () => decidedListeners.delete(listener);
    },
    idle: () => current,
  };
}
