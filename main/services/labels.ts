/**
 * Application labels: the first one is queued when an application is signed, reprints on request
 * (audited), a test label from the «Устройства» screen. Each job is a `label_jobs` row first and a
 * printer job second, so the clerk can always see whether a sticker really printed.
 */
import { randomUUID } from 'node:crypto';
import {
  defaultMessages,
  fail,
  ok,
  type ApplicationLabel,
  type ApplicationSummary,
  type Result,
  fieldMessage,
} from '../../preload/contract';
import {
  findApplication,
  findLabelJob,
  insertLabelJob,
  findClerkById,
  listLabelJobs,
  markLabelPrinted,
  markQueuedUnconfirmed,
  type LabelKind,
} from '../../db';
import { labelDate, labelFromSummary, type LabelModel } from '../documents/label';
import { renderLabelSvg } from '../devices/zpl';
import type { SessionRecord } from '../sessions';
import { audit, type Deps } from './deps';

type Actor = Pick<SessionRecord, 'clerkId' | 'login' | 'fullName'>;

/** How long «Напечатать тестовую этикетку» waits for the printer before answering "queued". */
export const TEST_LABEL_WAIT_MS = 15_000;

export function testLabelModel(clerkName: string, at: Date): LabelModel {
  return { journalNo: '0000/000000', procedure: 'Тестовая этикетка', date: labelDate(at), clerkName };
}

async function queue(deps: Deps, actor: Actor, kind: LabelKind, applicationId: string | null, journalNo: string | null, model: LabelModel) {
  const id = randomUUID();
  const at = deps.clock.now().toISOString();
  await deps.db.transaction(async (trx) => {
    await insertLabelJob(trx, { id, applicationId, kind, clerkId: actor.clerkId, queuedAt: at });
    await audit(trx, deps, actor, kind === 'reprint' ? 'label.reprint_requested' : 'label.queued', applicationId, {
      jobId: id,
      kind,
      ...(journalNo !== null && { journalNo }),
    });
  });
  deps.devices.enqueueLabel(id, model);
  deps.bus.emit(null, 'labels.changed', { applicationId, jobId: id, state: 'queued' });
  return id;
}

/** After «Подписано»: the label for the paper application, when this workstation has a printer. */
export async function queueFirstLabel(deps: Deps, actor: Actor, application: ApplicationSummary): Promise<void> {
  if (!deps.devices.printerConfigured()) return;
  await queue(deps, actor, 'first', application.id, application.journalNo, labelFromSummary(application));
}

async function view(deps: Deps, applicationId: string, model: LabelModel): Promise<ApplicationLabel> {
  const jobs = await listLabelJobs(deps.db, applicationId);
  return {
    svg: renderLabelSvg(model),
    printerConfigured: deps.devices.printerConfigured(),
    jobs: jobs.map((j) => ({ id: j.id, kind: j.kind, state: j.state, queuedAt: j.queuedAt, printedAt: j.printedAt })),
  };
}

async function applicationModel(deps: Deps, id: string): Promise<Result<{ model: LabelModel; journalNo: string; signed: boolean }>> {
  const row = await findApplication(deps.db, id);
  if (!row) return fail('not_found', defaultMessages.not_found);
  const clerk = await findClerkById(deps.db, row.clerkId);
  const model = labelFromSummary({ ...row, clerkName: clerk?.fullName ?? '—' });
  return ok({ model, journalNo: row.journalNo, signed: row.signedAt !== null });
}

export async function applicationLabel(deps: Deps, id: string): Promise<Result<ApplicationLabel>> {
  const found = await applicationModel(deps, id);
  if (!found.ok) return found;
  return ok(await view(deps, id, found.value.model));
}

/** Another label for a signed application (a torn or lost sticker): always allowed, always audited. */
export async function reprintLabel(deps: Deps, actor: Actor, id: string): Promise<Result<ApplicationLabel>> {
  const found = await applicationModel(deps, id);
  if (!found.ok) return found;
  if (!found.value.signed) return fail('invalid_state', fieldMessage('label.not_signed'));
  if (!deps.devices.printerConfigured()) return fail('device_unavailable', defaultMessages.device_unavailable);
  await queue(deps, actor, 'reprint', id, found.value.journalNo, found.value.model);
  return ok(await view(deps, id, found.value.model));
}

export const testLabelPreview = (deps: Deps, actor: Actor) => ({ svg: renderLabelSvg(testLabelModel(actor.fullName, deps.clock.now())) });

export async function printTestLabel(
  deps: Deps,
  actor: Actor,
  waitMs = TEST_LABEL_WAIT_MS,
): Promise<Result<{ jobId: string; printed: boolean }>> {
  if (!deps.devices.printerConfigured()) return fail('device_unavailable', defaultMessages.device_unavailable);
  const jobId = await queue(deps, actor, 'test', null, null, testLabelModel(actor.fullName, deps.clock.now()));
  const result = await deps.devices.waitPrinted(jobId, waitMs);
  return ok({ jobId, printed: result === 'printed' });
}

/** The printer confirmed a job: record it once, tell the clients. */
export async function labelPrinted(deps: Deps, jobId: string): Promise<void> {
  const at = deps.clock.now().toISOString();
  const job = await findLabelJob(deps.db, jobId);
  if (!job) return;
  await deps.db.transaction(async (trx) => {
    if (!(await markLabelPrinted(trx, jobId, at))) return;
    await audit(trx, deps, null, job.kind === 'test' ? 'label.test_printed' : 'label.printed', job.applicationId, {
      jobId,
      kind: job.kind,
    });
  });
  deps.bus.emit(null, 'labels.changed', { applicationId: job.applicationId, jobId, state: 'printed' });
}

/** At start-up: jobs of the previous run that never confirmed are unconfirmed, not re-sent. */
export async function settleUnconfirmedLabels(deps: Deps): Promise<void> {
  await deps.db.transaction(async (trx) => {
    for (const job of await markQueuedUnconfirmed(trx)) {
      await audit(trx, deps, null, 'label.unconfirmed', job.applicationId, { jobId: job.id, kind: job.kind });
    }
  });
}
