/** Retention: purging the personal data of closed applications, and counting what is still held. */
import type { Db } from '../types';
import type { ApplicationState } from '../../preload/contract/applications';
import { INSERT_CHUNK_ROWS } from './applications-row';

/** States in which the registry has nothing more to do with an application: its personal data may go. */
export const closedStates = ['approved', 'refused', 'cancelled', 'rejected'] as const satisfies readonly ApplicationState[];

/** What a purge leaves of an application: the journal facts, nothing that leads to the person. */
/**
 * What a purge empties: everything that leads to the person. The registry's problem details may
 * echo submitted values. Also applied to pre-upgrade backups (db/backup-purge.ts).
 */
export const PURGED_COLUMNS = { personal: null, id_hash: null, phone_hash: null, id_masked: '', rejection_problems: null } as const;

const purgedValues = (db: Db, at: string) => ({
  ...PURGED_COLUMNS,
  purged_at: at,
  updated_at: at,
  version: db.raw('version + 1'),
});

export interface PurgedApplication {
  id: string;
  journalNo: string;
  state: ApplicationState;
}

function purgedRows(result: unknown): PurgedApplication[] {
  if (!Array.isArray(result)) return [];
  return (result as { id: string; journal_no: string; state: ApplicationState }[]).map((r) => ({
    id: r.id,
    journalNo: r.journal_no,
    state: r.state,
  }));
}

/**
 * Purges every closed application closed (decided, cancelled, rejected) before `cutoff`, in one
 * UPDATE over the small partial index of rows that still hold data (migration 0005).
 */
export async function purgeClosedBefore(db: Db, cutoff: string, at: string): Promise<PurgedApplication[]> {
  // Named: without statistics SQLite prefers the state index and walks every closed row of the journal.
  const result: unknown = await db(db.raw('applications INDEXED BY applications_holding'))
    .whereNotNull('personal')
    .whereRaw('coalesce(decided_at, cancelled_at, rejected_at) < ?', [cutoff])
    .whereIn('state', [...closedStates])
    .update(purgedValues(db, at), ['id', 'journal_no', 'state']);
  return purgedRows(result);
}

/** Purges these applications if they are closed and still hold data; others are left as they are. */
export async function purgeApplications(db: Db, ids: readonly string[], at: string): Promise<PurgedApplication[]> {
  const out: PurgedApplication[] = [];
  for (let i = 0; i < ids.length; i += INSERT_CHUNK_ROWS) {
    const result: unknown = await db('applications')
      .whereIn('id', ids.slice(i, i + INSERT_CHUNK_ROWS))
      .whereNotNull('personal')
      .whereIn('state', [...closedStates])
      .update(purgedValues(db, at), ['id', 'journal_no', 'state']);
    out.push(...purgedRows(result));
  }
  return out;
}

/** Rows still holding personal data, and all rows (the journal counts purged ones too). */
export async function countHolding(db: Db): Promise<{ holding: number; total: number }> {
  const [holding] = await db('applications').whereNotNull('personal').count({ n: '*' });
  const [total] = await db('applications').count({ n: '*' });
  return { holding: Number(holding?.['n'] ?? 0), total: Number(total?.['n'] ?? 0) };
}
