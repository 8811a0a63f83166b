/**
 * Sending the outbox (DESIGN.md 5), for the sync worker (main/sync/worker.ts):
 *
 * - Oldest first, in batches of the worker's `batchSize`, the application id as idempotency key. A batch the registry refuses
 *   as a whole (400/409/413/422) is re-sent item by item, so one bad item cannot hold the others
 *   back; a single item refused that way is `rejected`, with the problems.
 * - Everything else (no answer, 5xx, 429, 401, a malformed answer) is retried with exponential
 *   backoff and full jitter, never shorter than Retry-After. No item is ever dropped.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { needsPhone, type ApplicationDetail } from '../../preload/contract';
import {
  appendAudits,
  findApplications,
  insertNotification,
  markRejected,
  markSentMany,
  recordFailure,
  transitionApplication,
  transitionMany,
  type ApplicationRow,
  type AuditInput,
  type DeskFields,
  type FieldCipher,
  type OutboxItem,
} from '../../db';
import { describeFailure, type CentralClient, type CentralFailure } from '../central/client';
import { Submission, toFieldProblems, type FieldProblem } from '../central/schemas';
import { audit } from '../services/deps';
import { nextDelay } from './backoff';
import type { SyncContext } from './context';

type Personal = NonNullable<ApplicationDetail['personal']>;

export const decryptPersonal = (cipher: FieldCipher, row: ApplicationRow): Personal | null =>
  row.personal ? (JSON.parse(cipher.decrypt(row.personal, row.id).toString('utf8')) as Personal) : null;

/** The contract's submission for a row; problems when our own data would not pass the contract. */
function submissionOf(
  cipher: FieldCipher,
  row: ApplicationRow,
  deskFields: DeskFields | null,
): { ok: true; submission: Submission } | { ok: false; problems: FieldProblem[] } {
  const personal = decryptPersonal(cipher, row);
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
    // 1.1: the printed number and who took it, as they stood at signing (none for items queued before).
    ...deskFields,
    signedAt: row.signedAt,
  };
  const parsed = Submission.safeParse(candidate);
  return parsed.success ? { ok: true, submission: parsed.data } : { ok: false, problems: toFieldProblems(parsed.error.issues) };
}

const problemsText = (problems: readonly FieldProblem[]): string =>
  `Реестр не примет заявление: ${problems.map((p) => `${p.path || '(заявление)'} — ${p.message ?? p.code}`).join('; ')}`.slice(0, 500);

async function reject(
  ctx: SyncContext,
  trx: Knex.Transaction,
  row: ApplicationRow,
  problems: readonly FieldProblem[],
  at: string,
): Promise<void> {
  await markRejected(trx, row.id, { at, error: problemsText(problems) });
  const moved = await transitionApplication(trx, row.id, {
    from: ['queued', 'sent'],
    to: 'rejected',
    at,
    patch: { rejectionProblems: [...problems] },
  });
  if (!moved) return;
  await audit(trx, ctx.deps, null, 'application.rejected', row.id, { journalNo: row.journalNo, problems: problems.map((p) => p.code) });
  await insertNotification(trx, { id: randomUUID(), clerkId: row.clerkId, applicationId: row.id, outcome: 'rejected', createdAt: at });
  ctx.decided.push({ applicationId: row.id, clerkId: row.clerkId, outcome: 'rejected' });
}

export const sentAudit = (id: string, journalNo: string, registry: string, at: string): AuditInput => ({
  at,
  actorId: null,
  actorLogin: null,
  action: 'application.sent',
  subject: id,
  details: { journalNo, registry },
});

async function recordFailures(ctx: SyncContext, items: readonly OutboxItem[], failure: CentralFailure): Promise<void> {
  const { db, clock } = ctx.deps;
  const now = clock.now();
  const retryAfter = failure.kind === 'http' ? failure.retryAfterMs : null;
  const error = describeFailure(failure);
  await db.transaction(async (trx) => {
    for (const item of items) {
      const delay = nextDelay(item.attempts + 1, retryAfter, ctx.policy, ctx.random);
      await recordFailure(trx, item.applicationId, {
        at: now.toISOString(),
        error,
        nextAttemptAt: new Date(now.getTime() + delay).toISOString(),
      });
    }
  });
}

export type Prepared = { items: readonly OutboxItem[]; rows: ApplicationRow[]; submissions: Submission[] };

/**
 * Reads and builds a batch's submissions; an item our own data cannot make valid is rejected here.
 * `reader`: where the rows are read (the drain's read-only connection; by default the writer).
 */
export async function prepareBatch(
  ctx: SyncContext,
  items: readonly OutboxItem[],
  reader: SyncContext['deps']['db'] = ctx.deps.db,
): Promise<Prepared> {
  const { db, clock, cipher } = ctx.deps;
  const at = clock.now().toISOString();
  const rows: ApplicationRow[] = [];
  const submissions: Submission[] = [];
  const refused: { row: ApplicationRow; problems: FieldProblem[] }[] = [];
  const found = await findApplications(
    reader,
    items.map((i) => i.applicationId),
  );
  const byId = new Map(found.map((r) => [r.id, r]));
  for (const item of items) {
    const row = byId.get(item.applicationId);
    if (row === undefined) continue;
    const built = submissionOf(cipher, row, item.deskFields);
    if (built.ok) {
      rows.push(row);
      submissions.push(built.submission);
    } else refused.push({ row, problems: built.problems });
  }
  // Each rejection is guarded by the row's state, so reading and rejecting need not share a transaction.
  if (refused.length > 0) {
    await db.transaction(async (trx) => {
      for (const r of refused) await reject(ctx, trx, r.row, r.problems, at);
    });
  }
  return { items, rows, submissions };
}

/** Sends one batch; false when sending should stop for now (the registry is unwell or gone). */
async function sendBatch(ctx: SyncContext, api: CentralClient, items: readonly OutboxItem[]): Promise<boolean> {
  return postBatch(ctx, api, await prepareBatch(ctx, items));
}

/** Sends a prepared batch and stores the answer; false when sending should stop for now. */
export async function postBatch(ctx: SyncContext, api: CentralClient, prepared: Prepared): Promise<boolean> {
  if (prepared.submissions.length === 0) return true;
  return storeAnswer(ctx, api, prepared, await api.submit(prepared.submissions));
}

export type Answer = Awaited<ReturnType<CentralClient['submit']>>;

/**
 * The answer holds one result per item, in order: storing it is one transaction and nothing else
 * (no request, no failure to record), so the drain may commit it while the next batch is on the
 * wire (main/sync/drain.ts). Any other answer is stored by `storeAnswer` before going on.
 */
export const isCompleteAnswer = (prepared: Prepared, answer: Answer): boolean =>
  answer.ok &&
  answer.value.results.length === prepared.submissions.length &&
  answer.value.results.every((r, i) => r.id === prepared.submissions[i]?.id);

/** Stores a batch's answer (or its failure); false when sending should stop for now. */
export async function storeAnswer(ctx: SyncContext, api: CentralClient, prepared: Prepared, result: Answer): Promise<boolean> {
  const { db, clock } = ctx.deps;
  const { items, rows } = prepared;
  const at = clock.now().toISOString();
  if (!result.ok) {
    const f = result.failure;
    if (f.kind === 'network') {
      ctx.update({ online: false });
      ctx.failed(f);
      await recordFailures(ctx, items, f);
      return false;
    }
    const wholeRequestRefused = f.kind === 'http' && [400, 409, 413, 422].includes(f.status);
    if (wholeRequestRefused && rows.length > 1) {
      // Isolate the culprit: one by one, so the good items still go.
      for (const item of items) {
        if (!(await sendBatch(ctx, api, [item]))) return false;
      }
      return true;
    }
    if (wholeRequestRefused && f.kind === 'http') {
      const row = rows[0];
      const problems: FieldProblem[] = f.problem?.errors ?? [
        { path: '', code: `http_${f.status}`, message: f.problem?.title ?? `HTTP ${f.status}` },
      ];
      if (row) await db.transaction((trx) => reject(ctx, trx, row, problems, at));
      return true;
    }
    ctx.failed(f);
    await recordFailures(ctx, items, f);
    return false;
  }
  if (!isCompleteAnswer(prepared, result)) {
    const f: CentralFailure = { kind: 'malformed', status: 200, detail: 'results do not match the items' };
    ctx.failed(f);
    await recordFailures(ctx, items, f);
    return false;
  }
  await storeResults(ctx, prepared, result.value.results);
  return true;
}

/** Accepted, duplicate or rejected per item, in one transaction; `results` in the order of `prepared.rows`. */
export async function storeResults(
  ctx: SyncContext,
  prepared: Prepared,
  results: Extract<Answer, { ok: true }>['value']['results'],
): Promise<void> {
  const { db, clock } = ctx.deps;
  const { rows } = prepared;
  const at = clock.now().toISOString();
  await db.transaction(async (trx) => {
    const acceptedIds: string[] = [];
    const statusOf = new Map<string, string>();
    for (const [i, r] of results.entries()) {
      const row = rows[i];
      if (!row) continue;
      if (r.status === 'rejected') await reject(ctx, trx, row, r.problems ?? [], at);
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
  ctx.update({ lastSyncAt: at, lastError: null, lastErrorAt: null });
}
