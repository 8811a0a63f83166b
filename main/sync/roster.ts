/**
 * The office's clerk roster at sync (issue 14, DESIGN.md §8): this desk pushes its queued account
 * changes (PUT with the version they were made on), then pulls the changes after its cursor and
 * applies them. The rules are in roster-merge.ts; this module does the I/O.
 *
 * - Each account's outcome is written in ONE transaction with its audit row (and its conflict
 *   row); a page of pulled entries and the cursor after it likewise. A crash replays at most the
 *   item in flight, and replaying is harmless: an entry not newer than the desk's is skipped.
 * - An entry that fails the contract, or cannot be used (no password hash for a new account), is
 *   set aside (logged and audited) and the others still apply.
 * - Sessions of an account disabled, demoted or given another password elsewhere end once the
 *   change is committed here.
 * - Lockouts never travel: failed attempts and locks stay on the desk where they happened.
 */
import { randomUUID } from 'node:crypto';
import {
  countClerks,
  dropRosterChange,
  findClerkById,
  findClerkByLogin,
  findRosterOutbox,
  insertClerk,
  insertRosterConflict,
  markRosterPushFailed,
  pendingRosterChanges,
  readMeta,
  rosterVersionOf,
  settleRosterPush,
  updateClerk,
  writeMeta,
  writeRosterVersion,
  type ClerkRow,
  type Db,
} from '../../db';
import type { CentralClient } from '../central/client';
import { StoredRosterEntry } from '../central/roster-schemas';
import { audit, type Deps } from '../services/deps';
import {
  decideIncoming,
  decideRefusedPush,
  rosterAuthor,
  sessionEndReason,
  toRosterEntry,
  type IncomingOutcome,
  type LocalAccountState,
} from './roster-merge';

export const ROSTER_CURSOR = 'roster.cursor';

export type RosterDeps = Pick<Deps, 'db' | 'clock' | 'log' | 'settings' | 'sessions'>;

export type RosterSyncResult = {
  /** false: the registry did not answer (or refused the token); the next sync tries again. */
  reached: boolean;
  pushed: number;
  applied: number;
  conflicts: number;
  setAside: number;
};

type SessionEnd = { clerkId: string; reason: string };

async function localState(db: Db, clerk: ClerkRow): Promise<LocalAccountState> {
  const [version, queued] = await Promise.all([rosterVersionOf(db, clerk.id), findRosterOutbox(db, clerk.id)]);
  return { account: clerk, version: version?.version ?? 0, pending: queued !== null };
}

/**
 * Applies one registry entry to this desk (inside the caller's transaction) as the rules decide.
 * Returns the outcome and the sessions to end after the commit.
 */
async function applyEntry(
  deps: RosterDeps,
  trx: Db,
  entry: StoredRosterEntry,
  decide: (local: LocalAccountState | null) => IncomingOutcome,
): Promise<{ outcome: IncomingOutcome; end: SessionEnd | null }> {
  const at = deps.clock.now().toISOString();
  const clerk = await findClerkByLogin(trx, entry.login);
  const local = clerk === null ? null : await localState(trx, clerk);
  const outcome = decide(local);
  const version = { version: entry.version, updatedAt: entry.updatedAt, updatedBy: entry.updatedBy ?? null };
  const details = { login: entry.login, version: entry.version, updatedBy: entry.updatedBy ?? null };
  switch (outcome.kind) {
    case 'skip':
      return { outcome, end: null };
    case 'set_aside':
      await audit(trx, deps, null, 'clerk.roster_set_aside', clerk?.id ?? null, { ...details, reason: outcome.reason });
      return { outcome, end: null };
    case 'create': {
      const id = randomUUID();
      await insertClerk(trx, {
        id,
        login: entry.login,
        fullName: entry.fullName,
        role: entry.role,
        // decideIncoming creates only entries that carry a hash.
        passwordHash: entry.passwordHash ?? '',
        disabled: entry.disabled,
        failedAttempts: 0,
        lockedUntil: null,
        createdAt: at,
        updatedAt: at,
        lastLoginAt: null,
        mustChangePassword: entry.mustChangePassword ?? false,
      });
      await writeRosterVersion(trx, { clerkId: id, ...version });
      await audit(trx, deps, null, 'clerk.roster_applied', id, { ...details, created: true, role: entry.role });
      return { outcome, end: null };
    }
    case 'adopt':
      if (clerk === null) throw new Error('roster: adopt without an account');
      await writeRosterVersion(trx, { clerkId: clerk.id, ...version });
      await dropRosterChange(trx, clerk.id);
      return { outcome, end: null };
    case 'apply':
    case 'conflict': {
      if (clerk === null) throw new Error(`roster: ${outcome.kind} without an account`);
      await updateClerk(trx, clerk.id, {
        fullName: entry.fullName,
        role: entry.role,
        disabled: entry.disabled,
        ...(entry.passwordHash !== undefined && { passwordHash: entry.passwordHash }),
        ...(entry.mustChangePassword !== undefined && { mustChangePassword: entry.mustChangePassword }),
        updatedAt: at,
      });
      await writeRosterVersion(trx, { clerkId: clerk.id, ...version });
      if (outcome.kind === 'conflict') {
        // The registry's later change wins: what this desk queued is dropped, and the admin is told.
        await dropRosterChange(trx, clerk.id);
        await insertRosterConflict(trx, {
          id: randomUUID(),
          clerkId: clerk.id,
          login: clerk.login,
          at,
          lost: outcome.changed,
          winnerVersion: entry.version,
          winnerBy: entry.updatedBy ?? null,
        });
        await audit(trx, deps, null, 'clerk.roster_conflict', clerk.id, { ...details, replaced: outcome.changed });
      } else {
        await audit(trx, deps, null, 'clerk.roster_applied', clerk.id, { ...details, changed: outcome.changed });
      }
      const reason = sessionEndReason(clerk, outcome.changed, entry);
      return { outcome, end: reason === null ? null : { clerkId: clerk.id, reason } };
    }
  }
}

function endSessions(deps: RosterDeps, ends: readonly (SessionEnd | null)[]): void {
  for (const e of ends) if (e !== null) deps.sessions.endForClerk(e.clerkId, e.reason);
}

/** Pushes every queued change; false when the registry stopped answering. */
async function push(deps: RosterDeps, api: CentralClient, officeCode: string, result: RosterSyncResult): Promise<boolean> {
  const { db, log, settings } = deps;
  for (const item of await pendingRosterChanges(db)) {
    const clerk = await findClerkById(db, item.clerkId);
    if (clerk === null) {
      await dropRosterChange(db, item.clerkId);
      continue;
    }
    const author = rosterAuthor(officeCode, settings.values().workstationId, item.actorLogin);
    const sent = await api.putRosterEntry(officeCode, { entry: toRosterEntry(clerk, author), baseVersion: item.baseVersion });
    if (sent.ok) {
      const stored = sent.value;
      await db.transaction(async (trx) => {
        await writeRosterVersion(trx, { clerkId: clerk.id, version: stored.version, updatedAt: stored.updatedAt, updatedBy: author });
        await settleRosterPush(trx, clerk.id, item.changes, stored.version);
      });
      result.pushed++;
      continue;
    }
    const { failure } = sent;
    if (failure.kind === 'http' && failure.status === 409) {
      const current = StoredRosterEntry.safeParse(failure.body);
      if (current.success && current.data.login === clerk.login) {
        const done = await db.transaction((trx) =>
          applyEntry(deps, trx, current.data, (local) => (local === null ? { kind: 'skip' } : decideRefusedPush(local, current.data))),
        );
        endSessions(deps, [done.end]);
        if (done.outcome.kind === 'conflict') result.conflicts++;
        continue;
      }
      log.warn('roster: a 409 without a usable entry', { login: clerk.login });
      await markRosterPushFailed(db, clerk.id, 'Реестр отказал без текущей записи (HTTP 409).');
      continue;
    }
    const what = failure.kind === 'network' ? 'no answer' : `HTTP ${failure.status}`;
    // No answer is the worker's to report (offline); a refusal is worth a warning.
    if (failure.kind === 'network') log.debug('roster: push failed', { login: clerk.login, failure: what });
    else log.warn('roster: push failed', { login: clerk.login, failure: what });
    await markRosterPushFailed(db, clerk.id, failure.kind === 'network' ? 'Нет связи с реестром.' : `Реестр ответил ${what}.`);
    // A refusal of this entry (422) concerns it alone; anything else would fail the rest the same way.
    if (!(failure.kind === 'http' && failure.status === 422)) return false;
  }
  return true;
}

/** Pulls and applies every change after the cursor; false when the registry did not answer. */
export async function pullRoster(deps: RosterDeps, api: CentralClient, officeCode: string, result: RosterSyncResult): Promise<boolean> {
  const { db, log } = deps;
  const after = await readMeta(db, ROSTER_CURSOR);
  const page = await api.rosterChanges(officeCode, after);
  if (!page.ok) {
    if (page.failure.kind === 'network') log.debug('roster: pull failed', { failure: 'no answer' });
    else log.warn('roster: pull failed', { failure: `HTTP ${page.failure.status}` });
    return false;
  }
  const ends: (SessionEnd | null)[] = [];
  await db.transaction(async (trx) => {
    ends.length = 0;
    for (const raw of page.value.items) {
      const parsed = StoredRosterEntry.safeParse(raw);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        const where = first ? `${first.path.join('.') || '(root)'}: ${first.code}` : 'shape';
        log.warn('roster: an entry that fails the contract was set aside', { where });
        await audit(trx, deps, null, 'clerk.roster_set_aside', null, { reason: 'contract', where });
        result.setAside++;
        continue;
      }
      const done = await applyEntry(deps, trx, parsed.data, (local) => decideIncoming(local, parsed.data));
      if (done.outcome.kind === 'set_aside') result.setAside++;
      if (done.outcome.kind === 'conflict') result.conflicts++;
      if (done.outcome.kind === 'create' || done.outcome.kind === 'apply') result.applied++;
      ends.push(done.end);
    }
    await writeMeta(trx, ROSTER_CURSOR, page.value.cursor);
  });
  endSessions(deps, ends);
  return true;
}

const officeOf = (deps: RosterDeps): string | null => {
  const code = deps.settings.values().officeCode;
  return code === '' ? null : code;
};

/** One roster round at sync: push what this desk changed, then take what the others did. */
export async function syncRoster(deps: RosterDeps, api: CentralClient): Promise<RosterSyncResult> {
  const result: RosterSyncResult = { reached: false, pushed: 0, applied: 0, conflicts: 0, setAside: 0 };
  const office = officeOf(deps);
  if (office === null) return result;
  if (!(await push(deps, api, office, result))) return result;
  result.reached = await pullRoster(deps, api, office, result);
  if (result.applied + result.conflicts + result.setAside > 0) deps.log.info('roster: changes applied', { ...result });
  return result;
}

/**
 * A desk with no accounts yet takes the office's roster before its first-run screen, so IT does
 * not create the administrator a second time. Only a pull: such a desk has nothing to push.
 */
export async function pullRosterBeforeFirstRun(deps: RosterDeps, api: CentralClient | null): Promise<RosterSyncResult | null> {
  const office = officeOf(deps);
  if (api === null || office === null || (await countClerks(deps.db)) > 0) return null;
  const result: RosterSyncResult = { reached: false, pushed: 0, applied: 0, conflicts: 0, setAside: 0 };
  result.reached = await pullRoster(deps, api, office, result);
  return result;
}
