/** «Сотрудники»: the office roster's state on this desk (issue 14; the sync is main/sync/roster.ts). */
import { ok, rosterFields, type ParsedInput, type Result, type RosterField, type RosterStatus } from '../../preload/contract';
import { acknowledgeRosterConflict, countRosterPending, openRosterConflicts } from '../../db';
import type { SessionRecord } from '../sessions';
import { audit, type Deps } from './deps';

const isRosterField = (f: string): f is RosterField => (rosterFields as readonly string[]).includes(f);

export async function rosterStatus(deps: Pick<Deps, 'db' | 'sync'>): Promise<Result<RosterStatus>> {
  const [pending, conflicts] = await Promise.all([countRosterPending(deps.db), openRosterConflicts(deps.db)]);
  return ok({
    registryConfigured: deps.sync.client() !== null,
    pending,
    conflicts: conflicts.map((c) => ({ ...c, lost: c.lost.filter(isRosterField) })),
  });
}

/** The administrator has read about a lost change: it leaves the screen, the audit keeps it. */
export async function acknowledgeConflict(
  deps: Deps,
  actor: Pick<SessionRecord, 'clerkId' | 'login'>,
  input: ParsedInput<'clerks.acknowledgeConflict'>,
): Promise<Result<RosterStatus>> {
  const at = deps.clock.now().toISOString();
  await deps.db.transaction(async (trx) => {
    if (await acknowledgeRosterConflict(trx, input.id, actor.login, at))
      await audit(trx, deps, actor, 'clerk.roster_conflict_acknowledged', input.id);
  });
  return rosterStatus(deps);
}
