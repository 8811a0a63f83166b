/**
 * One clerk roster for the office (issue 14): two desks (two data folders, each the real app with
 * its SQLite file) against one reference registry process on 127.0.0.1. A "sync" is the worker's
 * `sendNow()`, which resolves when a whole run (push, then pull) is done: no sleeps.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, insertClerk, listAudit, migrations, openDatabase, pendingRosterChanges } from '../../db';
import { silentLogger } from '../../main/log';
import type { AppInfo, Clerk, RosterStatus, Session } from '../../preload/contract';
import { startCentralServer, type CentralServer } from '../central/server';
import { removeDir, tempDir, type HttpClient } from '../harness';
import { ADMIN, SEEDED_HASHES, startInProcess, type InProcess } from '../support/in-process';

const SYNC = { backoff: { baseMs: 20, capMs: 400 }, offlineCheckMs: 100, decisionsPollMs: 200, idlePollMs: 60_000, timeoutMs: 3000 };
const OFFICE = '07';
const CLERK_PASSWORD = 'ivanova-password-1';

let central: CentralServer | null = null;
const desks: InProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const d of desks.splice(0)) await d.close();
  await central?.close();
  central = null;
  for (const d of dirs.splice(0)) removeDir(d);
});

/** A desk provisioned by IT: registry address, token, office and workstation in its config file. */
async function startDesk(workstationId: string, fetchImpl?: typeof fetch): Promise<InProcess> {
  if (central === null) throw new Error('no registry');
  const dir = tempDir('okno-roster-');
  dirs.push(dir);
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ registryUrl: central.url, registryToken: 'dev-token', officeCode: OFFICE, workstationId }));
  const desk = await startInProcess({
    dataDir: join(dir, 'data'),
    configFile,
    realClock: true,
    sync: { ...SYNC, ...(fetchImpl !== undefined && { fetch: fetchImpl }) },
  });
  desks.push(desk);
  return desk;
}

const sync = (desk: InProcess) => desk.app.deps.sync.sendNow();

async function signIn(desk: InProcess, login: string, password: string): Promise<HttpClient> {
  const c = await desk.client();
  const r = await c.call<Session>('auth.login', { login, password });
  if (!r.ok) throw new Error(`${login} on desk: ${JSON.stringify(r)}`);
  return c;
}

async function clerkByLogin(admin: HttpClient, login: string): Promise<Clerk> {
  const list = await admin.call<{ clerks: Clerk[] }>('clerks.list');
  const found = list.ok ? list.value.clerks.find((c) => c.login === login) : undefined;
  if (found === undefined) throw new Error(`${login} not listed`);
  return found;
}

/** Desk 1 is set up on its first-run screen and pushes its administrator; desk 2 then starts. */
async function twoDesks() {
  central = await startCentralServer({ port: 0, decisionDelayMs: 10, seed: 14 });
  const desk1 = await startDesk('1');
  const admin1 = await desk1.client();
  const created = await admin1.call('setup.createAdmin', { login: ADMIN.login, password: ADMIN.password, passwordRepeat: ADMIN.password });
  expect(created.ok).toBe(true);
  await sync(desk1);
  expect(central.state.rosterEntry(OFFICE, ADMIN.login)).toMatchObject({ role: 'admin', version: 1, updatedBy: `${OFFICE}/1/admin` });
  const desk2 = await startDesk('2');
  const admin2 = await signIn(desk2, ADMIN.login, ADMIN.password);
  return { desk1, desk2, admin1, admin2, central };
}

describe('one roster for the office', () => {
  it('a new desk pulls the roster before its first-run screen: no second administrator', async () => {
    const { desk2 } = await twoDesks();
    const c = await desk2.client();
    const info = await c.call<AppInfo>('app.info');
    expect(info).toMatchObject({ ok: true, value: { setupRequired: false } });
    const again = await c.call('setup.createAdmin', { login: 'admin2', password: ADMIN.password, passwordRepeat: ADMIN.password });
    expect(again).toMatchObject({ ok: false, error: { code: 'already_set_up' } });
    const applied = await listAudit(desk2.app.deps.db, { action: 'clerk.roster_applied', limit: 10 });
    expect(applied.entries).toHaveLength(1);
  });

  it('a clerk created on desk 1 logs in on desk 2 after one sync; disabled on desk 2, refused on desk 1 after one sync', async () => {
    const { desk1, desk2, admin1, admin2 } = await twoDesks();
    const made = await admin1.call<Clerk>('clerks.create', {
      login: 'ivanova',
      fullName: 'Иванова Анна Сергеевна',
      role: 'clerk',
      password: CLERK_PASSWORD,
    });
    expect(made.ok).toBe(true);
    await sync(desk1);
    expect(await desk2.client().then((c) => c.call('auth.login', { login: 'ivanova', password: CLERK_PASSWORD }))).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' },
    });
    await sync(desk2);
    const onDesk2 = await signIn(desk2, 'ivanova', CLERK_PASSWORD);
    // The administrator chose the password: its owner replaces it first, on whichever desk.
    expect(await onDesk2.call<{ session: Session }>('auth.session')).toMatchObject({
      ok: true,
      value: { session: { mustChangePassword: true } },
    });

    // Ivanova works on desk 1 meanwhile (her own password now, which reaches the roster too).
    const onDesk1 = await signIn(desk1, 'ivanova', CLERK_PASSWORD);
    const changed = await onDesk1.call('auth.changePassword', {
      currentPassword: CLERK_PASSWORD,
      newPassword: 'ivanova-own-password',
      newPasswordRepeat: 'ivanova-own-password',
    });
    expect(changed.ok).toBe(true);
    await sync(desk1);
    await sync(desk2);
    // The change of her own password on desk 1 ended her session on desk 2, and the new one works there.
    expect(await onDesk2.call<{ session: Session | null }>('auth.session')).toMatchObject({ ok: true, value: { session: null } });
    await signIn(desk2, 'ivanova', 'ivanova-own-password');

    const target = await clerkByLogin(admin2, 'ivanova');
    expect((await admin2.call('clerks.update', { id: target.id, disabled: true })).ok).toBe(true);
    await sync(desk2);
    await sync(desk1);
    // Her live session on desk 1 ended when the change was applied, and she cannot sign in again.
    expect(await onDesk1.call<{ session: Session | null }>('auth.session')).toMatchObject({ ok: true, value: { session: null } });
    const refused = await (await desk1.client()).call('auth.login', { login: 'ivanova', password: 'ivanova-own-password' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    expect(await clerkByLogin(admin1, 'ivanova')).toMatchObject({ disabled: true });
  });

  it('two admins change the same clerk at once: one version wins, the other desk shows the conflict and ends with the winner', async () => {
    const { desk1, desk2, admin1, admin2, central: c } = await twoDesks();
    const made = await admin1.call<Clerk>('clerks.create', {
      login: 'petrov',
      fullName: 'Петров Пётр',
      role: 'clerk',
      password: CLERK_PASSWORD,
    });
    expect(made.ok).toBe(true);
    await sync(desk1);
    await sync(desk2);
    const version = c.state.rosterEntry(OFFICE, 'petrov')?.version ?? 0;
    expect(version).toBe(1);

    // Both change him while the registry is away, each on the version it has.
    await c.stop();
    const p1 = await clerkByLogin(admin1, 'petrov');
    const p2 = await clerkByLogin(admin2, 'petrov');
    expect((await admin1.call('clerks.update', { id: p1.id, fullName: 'Петров Пётр Первый', role: 'supervisor' })).ok).toBe(true);
    expect((await admin2.call('clerks.update', { id: p2.id, fullName: 'Петров Пётр Второй' })).ok).toBe(true);
    expect(await admin1.call<RosterStatus>('clerks.roster')).toMatchObject({ ok: true, value: { pending: 1, conflicts: [] } });
    await c.start();
    await sync(desk1);
    await sync(desk2);
    await sync(desk1);

    const winner = c.state.rosterEntry(OFFICE, 'petrov');
    expect(winner?.version).toBe(version + 1);
    const firstWon = winner?.fullName === 'Петров Пётр Первый';
    const [winDesk, loseDesk, winAdmin, loseAdmin] = firstWon ? [desk1, desk2, admin1, admin2] : [desk2, desk1, admin2, admin1];
    for (const admin of [winAdmin, loseAdmin]) {
      expect(await clerkByLogin(admin, 'petrov')).toMatchObject({ fullName: winner?.fullName, role: winner?.role });
    }
    const lost = await loseAdmin.call<RosterStatus>('clerks.roster');
    expect(lost).toMatchObject({
      ok: true,
      value: {
        pending: 0,
        conflicts: [{ login: 'petrov', winnerVersion: version + 1, winnerBy: `${OFFICE}/${firstWon ? '1' : '2'}/admin` }],
      },
    });
    expect(lost.ok && lost.value.conflicts[0]?.lost).toContain('fullName');
    expect(await winAdmin.call<RosterStatus>('clerks.roster')).toMatchObject({ ok: true, value: { pending: 0, conflicts: [] } });
    expect((await listAudit(loseDesk.app.deps.db, { action: 'clerk.roster_conflict', limit: 10 })).entries).toHaveLength(1);
    expect((await listAudit(winDesk.app.deps.db, { action: 'clerk.roster_conflict', limit: 10 })).entries).toHaveLength(0);

    // Acknowledged, it leaves the screen (the audit keeps it).
    const id = lost.ok ? (lost.value.conflicts[0]?.id ?? '') : '';
    expect(await loseAdmin.call<RosterStatus>('clerks.acknowledgeConflict', { id })).toMatchObject({ ok: true, value: { conflicts: [] } });
  });

  it('a roster entry that fails the contract is set aside; the others apply', async () => {
    central = await startCentralServer({ port: 0, decisionDelayMs: 10, seed: 15 });
    const desk1 = await startDesk('1');
    const admin1 = await desk1.client();
    expect(
      (await admin1.call('setup.createAdmin', { login: ADMIN.login, password: ADMIN.password, passwordRepeat: ADMIN.password })).ok,
    ).toBe(true);
    await sync(desk1);
    // The registry's answer gains two bad entries: a malformed login, and a hash whose cost would exhaust memory.
    let tampered = false;
    const tampering: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = String(input instanceof Request ? input.url : input);
      if (tampered || !url.includes('/clerks') || (init?.method ?? 'GET') !== 'GET') return response;
      tampered = true;
      const body = (await response.json()) as { items: unknown[]; cursor: string };
      const costly = 'scrypt$1073741824$8$1$EuY7T0uvzB29kkiCGJsCyw==$kzHicNPt2nWwjfQ4NRPJbjNhQEuX79gXmlQkWRtn7tQ=';
      body.items.unshift(
        { login: 'Not A Login', fullName: 'X', role: 'clerk', disabled: false, version: 1, updatedAt: '2026-12-05T08:00:00Z' },
        {
          login: 'greedy',
          fullName: 'Жадный',
          role: 'admin',
          disabled: false,
          passwordHash: costly,
          version: 1,
          updatedAt: '2026-12-05T08:00:00Z',
        },
      );
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    const desk2 = await startDesk('2', tampering);
    await signIn(desk2, ADMIN.login, ADMIN.password);
    const setAside = await listAudit(desk2.app.deps.db, { action: 'clerk.roster_set_aside', limit: 10 });
    expect(setAside.entries).toHaveLength(2);
    expect(await desk2.app.deps.db('clerks').where({ login: 'greedy' }).first()).toBeUndefined();
  });

  it('migration 0011 queues the accounts a desk already had, so the first desk of an office pushes them', async () => {
    const dir = tempDir('okno-roster-');
    dirs.push(dir);
    const file = join(dir, 'okno.sqlite');
    const before = migrations.slice(
      0,
      migrations.findIndex((m) => m.name === '0011_roster'),
    );
    const old = await openDatabase({ file, backupsDir: join(dir, 'backups'), log: silentLogger, migrations: before });
    if (!old.ok) throw new Error(old.error.message);
    const at = '2026-11-01T09:00:00.000Z';
    const clerk = {
      id: '11111111-1111-4111-8111-111111111111',
      login: 'old.clerk',
      fullName: 'Старый Сотрудник',
      role: 'clerk' as const,
      passwordHash: SEEDED_HASHES['clerk-password-1'],
      disabled: false,
      failedAttempts: 0,
      lockedUntil: null,
      createdAt: at,
      updatedAt: at,
      lastLoginAt: null,
    };
    await insertClerk(old.db, clerk);
    await closeDatabase(old.db);

    const upgraded = await openDatabase({ file, backupsDir: join(dir, 'backups'), log: silentLogger });
    if (!upgraded.ok) throw new Error(upgraded.error.message);
    expect(upgraded.migrated).toContain('0011_roster');
    expect(await pendingRosterChanges(upgraded.db)).toEqual([expect.objectContaining({ clerkId: clerk.id, baseVersion: 0, changes: 1 })]);
    await closeDatabase(upgraded.db);
  });
});
