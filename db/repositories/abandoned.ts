/**
 * Abandoned applications: a draft, or one printed and never signed, that nobody has touched for a
 * while is cancelled by the system, so the retention purge reaches its personal data like any
 * cancelled application's (it only purges closed ones).
 */
import type { ApplicationState } from '../../preload/contract/applications';
import type { Db } from '../types';

export const abandonableStates = ['draft', 'awaiting_signature'] as const satisfies readonly ApplicationState[];

export interface CancelledAbandoned {
  id: string;
  journalNo: string;
  /** The state it was abandoned in. */
  from: (typeof abandonableStates)[number];
}

/**
 * Cancels every draft or application awaiting a signature last changed before `before`. Run it in
 * a transaction: the rows are read and moved on the one connection, so a clerk's signature cannot
 * slip in between (the UPDATE also re-checks the state).
 */
export async function cancelAbandoned(db: Db, before: string, at: string): Promise<CancelledAbandoned[]> {
  const rows = (await db('applications')
    .select('id', 'journal_no', 'state')
    .whereIn('state', [...abandonableStates])
    .where('updated_at', '<', before)
    .orderBy('created_at')) as { id: string; journal_no: string; state: CancelledAbandoned['from'] }[];
  const out: CancelledAbandoned[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const moved = (await db('applications')
      .whereIn(
        'id',
        chunk.map((r) => r.id),
      )
      .whereIn('state', [...abandonableStates])
      .where('updated_at', '<', before)
      .update({ state: 'cancelled', cancelled_at: at, updated_at: at, version: db.raw('version + 1') }, ['id'])) as unknown;
    const ids = new Set(Array.isArray(moved) ? moved.map((r: { id: string }) => r.id) : []);
    for (const r of chunk) if (ids.has(r.id)) out.push({ id: r.id, journalNo: r.journal_no, from: r.state });
  }
  return out;
}
