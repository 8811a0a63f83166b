/** Label jobs (see migration 0003): what was sent to the label printer, and whether it printed. */
import type { Db } from '../types';

export const labelKinds = ['first', 'reprint', 'test'] as const;
export type LabelKind = (typeof labelKinds)[number];
export const labelStates = ['queued', 'printed', 'unconfirmed'] as const;
export type LabelState = (typeof labelStates)[number];

export interface LabelJobRow {
  id: string;
  applicationId: string | null;
  kind: LabelKind;
  clerkId: string;
  queuedAt: string;
  printedAt: string | null;
  state: LabelState;
}

interface DbRow {
  id: string;
  application_id: string | null;
  kind: string;
  clerk_id: string;
  queued_at: string;
  printed_at: string | null;
  state: string;
}

const isKind = (v: string): v is LabelKind => (labelKinds as readonly string[]).includes(v);
const isState = (v: string): v is LabelState => (labelStates as readonly string[]).includes(v);

function fromDb(row: DbRow): LabelJobRow {
  // The table's CHECKs allow only these values; anything else is a corrupted file, a bug to surface.
  if (!isKind(row.kind) || !isState(row.state)) throw new Error(`label_jobs row ${row.id}: unexpected kind/state`);
  return {
    id: row.id,
    applicationId: row.application_id,
    kind: row.kind,
    clerkId: row.clerk_id,
    queuedAt: row.queued_at,
    printedAt: row.printed_at,
    state: row.state,
  };
}

const table = (db: Db) => db<DbRow>('label_jobs');

export async function insertLabelJob(db: Db, job: Omit<LabelJobRow, 'printedAt' | 'state'>): Promise<void> {
  await table(db).insert({
    id: job.id,
    application_id: job.applicationId,
    kind: job.kind,
    clerk_id: job.clerkId,
    queued_at: job.queuedAt,
    state: 'queued',
  });
}

/** Marks a queued job printed; false when it was not queued (already printed or unconfirmed). */
export async function markLabelPrinted(db: Db, id: string, at: string): Promise<boolean> {
  const n = await table(db).where({ id, state: 'queued' }).update({ state: 'printed', printed_at: at });
  return n === 1;
}

/** Jobs left `queued` by a previous run become `unconfirmed`; returns them. */
export async function markQueuedUnconfirmed(db: Db): Promise<LabelJobRow[]> {
  const rows = await table(db).where({ state: 'queued' }).select('*');
  if (rows.length > 0) await table(db).where({ state: 'queued' }).update({ state: 'unconfirmed' });
  return rows.map((r) => fromDb({ ...r, state: 'unconfirmed' }));
}

/** In the order they were queued (rowid breaks ties within one millisecond). */
export async function listLabelJobs(db: Db, applicationId: string): Promise<LabelJobRow[]> {
  const rows = await table(db).where({ application_id: applicationId }).orderByRaw('queued_at, rowid').select('*');
  return rows.map(fromDb);
}

export async function findLabelJob(db: Db, id: string): Promise<LabelJobRow | null> {
  const row = await table(db).where({ id }).first();
  return row ? fromDb(row) : null;
}
