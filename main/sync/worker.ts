/**
 * The sync worker (DESIGN.md 5): sends the outbox to the central registry and applies its
 * decisions. One run at a time; a run is started by a timer, by `kick()` (a signature, «Отправить
 * сейчас», the registry coming back), never by the renderer polling.
 *
 * - Online is decided by /v1/health, checked every `offlineCheckMs` while offline; a request
 *   that gets no answer marks the registry offline.
 * - Oldest first, in batches of `batchSize`, the application id as idempotency key. A batch the
 *   registry refuses as a whole (400/409/413/422) is re-sent item by item, so one bad item cannot
 *   hold the others back; a single item refused that way is `rejected`, with the problems.
 * - Everything else (no answer, 5xx, 429, 401, a malformed answer) is retried with exponential
 *   backoff and full jitter, never shorter than Retry-After. No item is ever dropped.
 * - Decisions are pulled after the stored cursor; each one changes its application, writes its
 *   audit row and notification and moves the cursor in ONE transaction, so a crash replays at
 *   most the decision in flight, and replaying is harmless (a decided application stays as is).
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { needsPhone, refusalReasons, type ApplicationDetail, type RefusalReason, type SyncStatus } from '../../preload/contract';
import {
  appendAudits,
  countAwaitingDecision,
  countPending,
  findApplications,
  insertNotification,
  markSentMany,
  transitionMany,
  makeAllDue,
  markRejected,
  markSent,
  nextDueAt,
  oldestPending,
  pendingBatch,
  readMeta,
  recordFailure,
  transitionApplication,
  writeMeta,
  type ApplicationRow,
  type AuditInput,
  type OutboxItem,
} from '../../db';
import { createCentralClient, describeFailure, type CentralClient, type CentralFailure } from '../central/client';
import { Submission, toFieldProblems, type Decision, type FieldProblem } from '../central/schemas';
import type { Deps } from '../services/deps';
import { audit } from '../services/deps';
import { anchorAuditHead } from './anchors';
import { DEFAULT_BACKOFF, nextDelay, type BackoffPolicy } from './backoff';
import type { TokenStore } from './token';

type Personal = NonNullable<ApplicationDetail['personal']>;

export const CURSOR_KEY = 'sync.decisions_cursor';

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
};

export type DecidedEvent = { applicationId: string; clerkId: string; outcome: 'approved' | 'refused' | 'rejected' };

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

const isRefusalReason = (v: string): v is RefusalReason => (refusalReasons as readonly string[]).includes(v);

export function createSyncWorker(options: SyncWorkerOptions): SyncWorker {
  const { deps, token } = options;
  const { db, clock, log, cipher, settings } = deps;
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
    const [pending, awaitingDecision, oldest] = await Promise.all([countPending(db), countAwaitingDecision(db), oldestPending(db)]);
    update({ pending, awaitingDecision, oldestPendingAt: oldest?.enqueuedAt ?? null });
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

  // --- submissions -------------------------------------------------------------------------

  const decrypt = (row: ApplicationRow): Personal | null =>
    row.personal ? (JSON.parse(cipher.decrypt(row.personal, row.id).toString('utf8')) as Personal) : null;

  /** The contract's submission for a row; problems when our own data would not pass the contract. */
  function submissionOf(row: ApplicationRow): { ok: true; submission: Submission } | { ok: false; problems: FieldProblem[] } {
    const personal = decrypt(row);
    if (personal === null || row.signedAt === null) {
      return { ok: false, problems: [{ path: '', code: 'no_personal_data', message: 'Персональные данные заявления удалены.' }] };
    }
    const { person, document } = personal;
    const candidate = {
      id: row.id,
      procedure: row.procedure,
      idNumber: personal.idNumber,
      person: {
        surname: person.surname,
        givenNames: person.givenNames,
        ...(person.patronymic !== undefined && person.patronymic !== '' && { patronymic: person.patronymic }),
        birthDate: person.birthDate,
        sex: person.sex,
        citizenship: person.citizenship,
      },
      document: {
        type: document.type,
        ...(document.series !== undefined && document.series !== '' && { series: document.series }),
        number: document.number,
        ...(document.issuedAt !== undefined && { issuedAt: document.issuedAt }),
        expiresAt: document.expiresAt,
        ...(document.issuer !== undefined && document.issuer !== '' && { issuer: document.issuer }),
      },
      ...(personal.phone !== undefined && { phone: personal.phone }),
      ...(needsPhone(row.procedure) && {
        phoneConfirmation:
          personal.phoneConfirmationId !== undefined
            ? { method: 'sms_code', confirmationId: personal.phoneConfirmationId }
            : { method: 'deferred' },
      }),
      consentToVerification: true,
      officeCode: row.officeCode,
      workstationId: row.workstationId,
      clerkId: row.clerkId,
      signedAt: row.signedAt,
    };
    const parsed = Submission.safeParse(candidate);
    return parsed.success ? { ok: true, submission: parsed.data } : { ok: false, problems: toFieldProblems(parsed.error.issues) };
  }

  const problemsText = (problems: readonly FieldProblem[]): string =>
    `Реестр не примет заявление: ${problems.map((p) => `${p.path || '(заявление)'} — ${p.message ?? p.code}`).join('; ')}`.slice(0, 500);

  const decided: DecidedEvent[] = [];

  async function reject(trx: Knex.Transaction, row: ApplicationRow, problems: readonly FieldProblem[], at: string): Promise<void> {
    await markRejected(trx, row.id, { at, error: problemsText(problems) });
    const moved = await transitionApplication(trx, row.id, {
      from: ['queued', 'sent'],
      to: 'rejected',
      at,
      patch: { rejectionProblems: [...problems] },
    });
    if (!moved) return;
    await audit(trx, deps, null, 'application.rejected', row.id, { journalNo: row.journalNo, problems: problems.map((p) => p.code) });
    await insertNotification(trx, { id: randomUUID(), clerkId: row.clerkId, applicationId: row.id, outcome: 'rejected', createdAt: at });
    decided.push({ applicationId: row.id, clerkId: row.clerkId, outcome: 'rejected' });
  }

  const sentAudit = (id: string, journalNo: string, registry: string, at: string): AuditInput => ({
    at,
    actorId: null,
    actorLogin: null,
    action: 'application.sent',
    subject: id,
    details: { journalNo, registry },
  });

  async function recordFailures(items: readonly OutboxItem[], failure: CentralFailure): Promise<void> {
    const now = clock.now();
    const retryAfter = failure.kind === 'http' ? failure.retryAfterMs : null;
    const error = describeFailure(failure);
    await db.transaction(async (trx) => {
      for (const item of items) {
        const delay = nextDelay(item.attempts + 1, retryAfter, policy, random);
        await recordFailure(trx, item.applicationId, {
          at: now.toISOString(),
          error,
          nextAttemptAt: new Date(now.getTime() + delay).toISOString(),
        });
      }
    });
  }

  type Prepared = { items: readonly OutboxItem[]; rows: ApplicationRow[]; submissions: Submission[] };

  /** Reads and builds a batch's submissions; an item our own data cannot make valid is rejected here. */
  async function prepareBatch(items: readonly OutboxItem[]): Promise<Prepared> {
    const at = clock.now().toISOString();
    const rows: ApplicationRow[] = [];
    const submissions: Submission[] = [];
    await db.transaction(async (trx) => {
      const found = await findApplications(
        trx,
        items.map((i) => i.applicationId),
      );
      const byId = new Map(found.map((r) => [r.id, r]));
      for (const item of items) {
        const row = byId.get(item.applicationId);
        if (row === undefined) continue;
        const built = submissionOf(row);
        if (built.ok) {
          rows.push(row);
          submissions.push(built.submission);
        } else {
          await reject(trx, row, built.problems, at);
        }
      }
    });
    return { items, rows, submissions };
  }

  /** Sends one batch; false when sending should stop for now (the registry is unwell or gone). */
  async function sendBatch(api: CentralClient, items: readonly OutboxItem[]): Promise<boolean> {
    return postBatch(api, await prepareBatch(items));
  }

  /** `next` (optional) runs while the request is in flight: the following batch is read and built meanwhile. */
  async function postBatch(api: CentralClient, prepared: Prepared, next?: () => void): Promise<boolean> {
    const { items, rows, submissions } = prepared;
    const at = clock.now().toISOString();
    if (submissions.length === 0) return true;

    const posting = api.submit(submissions);
    next?.();
    const result = await posting;
    if (!result.ok) {
      const f = result.failure;
      if (f.kind === 'network') {
        update({ online: false });
        failed(f);
        await recordFailures(items, f);
        return false;
      }
      const wholeRequestRefused = f.kind === 'http' && [400, 409, 413, 422].includes(f.status);
      if (wholeRequestRefused && rows.length > 1) {
        // Isolate the culprit: one by one, so the good items still go.
        for (const item of items) {
          if (!(await sendBatch(api, [item]))) return false;
        }
        return true;
      }
      if (wholeRequestRefused && f.kind === 'http') {
        const row = rows[0];
        const problems: FieldProblem[] = f.problem?.errors ?? [
          { path: '', code: `http_${f.status}`, message: f.problem?.title ?? `HTTP ${f.status}` },
        ];
        if (row) await db.transaction((trx) => reject(trx, row, problems, at));
        return true;
      }
      failed(f);
      await recordFailures(items, f);
      return false;
    }

    const results = result.value.results;
    const inOrder = results.length === submissions.length && results.every((r, i) => r.id === submissions[i]?.id);
    if (!inOrder) {
      const f: CentralFailure = { kind: 'malformed', status: 200, detail: 'results do not match the items' };
      failed(f);
      await recordFailures(items, f);
      return false;
    }
    await db.transaction(async (trx) => {
      const acceptedIds: string[] = [];
      const statusOf = new Map<string, string>();
      for (const [i, r] of results.entries()) {
        const row = rows[i];
        if (!row) continue;
        if (r.status === 'rejected') await reject(trx, row, r.problems ?? [], at);
        else {
          acceptedIds.push(row.id);
          statusOf.set(row.id, r.status);
        }
      }
      // The whole batch in a few statements: outbox settled, applications moved, one audit row each.
      const settled = await markSentMany(trx, acceptedIds, at);
      const moved = await transitionMany(trx, settled, { from: ['queued'], to: 'sent', at });
      await appendAudits(
        trx,
        moved.map((m) => sentAudit(m.id, m.journalNo, statusOf.get(m.id) ?? 'accepted', at)),
      );
    });
    update({ lastSyncAt: at, lastError: null, lastErrorAt: null });
    return true;
  }

  // --- decisions ---------------------------------------------------------------------------

  /**
   * A page of decisions in one transaction: each application moved with its audit row and its
   * clerk's notification, and the cursor after the last one. A crash before the commit replays the
   * page; replaying is harmless (an application already decided is left as it is).
   */
  async function applyDecisions(items: readonly Decision[]): Promise<void> {
    const last = items.at(-1);
    if (last === undefined) return;
    const at = clock.now().toISOString();
    const notes: DecidedEvent[] = [];
    await db.transaction(async (trx) => {
      notes.length = 0;
      const found = await findApplications(
        trx,
        items.map((d) => d.submissionId),
      );
      const rows = new Map(found.map((r) => [r.id, r]));
      const audits: AuditInput[] = [];
      for (const d of items) {
        const row = rows.get(d.submissionId);
        if (row === undefined) {
          log.warn('sync: decision for an unknown application', { submissionId: d.submissionId });
          continue;
        }
        if (row.state !== 'queued' && row.state !== 'sent') continue;
        if (row.state === 'queued') {
          // The registry accepted it but its answer was lost: the decision proves it was sent.
          await markSent(trx, row.id, at);
          if (await transitionApplication(trx, row.id, { from: ['queued'], to: 'sent', at }))
            audits.push(sentAudit(row.id, row.journalNo, 'decided', at));
        }
        const outcome = d.outcome;
        const reasons = (d.reasons ?? []).filter(isRefusalReason);
        let personal: Buffer | undefined;
        if (outcome === 'approved' && d.uid !== undefined) {
          const data = decrypt(row);
          if (data !== null) personal = cipher.encrypt(JSON.stringify({ ...data, uid: d.uid }), row.id);
        }
        const moved = await transitionApplication(trx, row.id, {
          from: ['sent'],
          to: outcome,
          at,
          patch: {
            ...(outcome === 'refused' && { refusalReasons: reasons }),
            ...(d.temporaryPasswordSent !== undefined && { temporaryPasswordSent: d.temporaryPasswordSent }),
            ...(personal !== undefined && { personal }),
          },
        });
        if (!moved) continue;
        audits.push({
          at,
          actorId: null,
          actorLogin: null,
          action: outcome === 'approved' ? 'application.approved' : 'application.refused',
          subject: row.id,
          details: { journalNo: row.journalNo, registryDecidedAt: d.decidedAt, ...(outcome === 'refused' && { reasons }) },
        });
        notes.push({ applicationId: row.id, clerkId: row.clerkId, outcome });
      }
      await appendAudits(trx, audits);
      for (const n of notes) {
        await insertNotification(trx, {
          id: randomUUID(),
          clerkId: n.clerkId,
          applicationId: n.applicationId,
          outcome: n.outcome,
          createdAt: at,
        });
      }
      await writeMeta(trx, CURSOR_KEY, last.cursor);
    });
    // Told only once committed.
    decided.push(...notes);
  }

  /** False when the registry did not answer. */
  async function pullDecisions(api: CentralClient): Promise<boolean> {
    let after = await readMeta(db, CURSOR_KEY);
    for (;;) {
      const page = await api.decisions(after, 100);
      if (!page.ok) {
        if (page.failure.kind === 'network') update({ online: false });
        failed(page.failure);
        return false;
      }
      await applyDecisions(page.value.items);
      flushDecided();
      const last = page.value.items.at(-1);
      if (last === undefined || page.value.next === null) return true;
      after = page.value.next;
    }
  }

  const flushDecided = (): void => {
    for (const e of decided.splice(0)) for (const l of [...decidedListeners]) l(e);
  };

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
    let prepared = current.length > 0 ? await prepareBatch(current) : null;
    while (prepared !== null) {
      const inFlight = current.map((i) => i.applicationId);
      // A holder, not a variable: it is filled inside the callback, which TypeScript cannot follow.
      const following: { next: Promise<{ items: OutboxItem[]; prepared: Prepared | null }> | null } = { next: null };
      const healthy = await postBatch(api, prepared, () => {
        following.next = pendingBatch(db, clock.now().toISOString(), batchSize, inFlight).then(async (items) => ({
          items,
          prepared: items.length > 0 ? await prepareBatch(items) : null,
        }));
      });
      const after: { items: OutboxItem[]; prepared: Prepared | null } | null = following.next === null ? null : await following.next;
      flushDecided();
      // Between batches the status bar's figures are refreshed a few times a second, not per batch.
      if (Date.now() - countedAt >= 250) await refreshCounts();
      if (!healthy) break;
      if (after === null) {
        current = await pendingBatch(db, clock.now().toISOString(), batchSize);
        prepared = current.length > 0 ? await prepareBatch(current) : null;
      } else {
        current = after.items;
        prepared = after.prepared;
      }
    }
    if (state.online === true) await pullDecisions(api);
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
            update({ lastError: 'Внутренняя ошибка отправки; попытка будет повторена.', lastErrorAt: clock.now().toISOString() });
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
