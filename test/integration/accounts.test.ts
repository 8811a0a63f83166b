/** Accounts, lockout, idle lock and the audit trail, through the real router and a real database. */
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { LOCKOUT_MINUTES, lockIdleSessions, MAX_FAILED_LOGINS } from '../../main/services/auth';
import { listAudit } from '../../db';
import { seedRoles, startInProcess, type InProcess } from '../support/in-process';

let env: InProcess;
beforeEach(async () => {
  env = await startInProcess();
});
afterEach(() => env.close());

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code);

describe('first run', () => {
  it('nothing but the first-run channels work until an admin exists, and only one admin is created', async () => {
    const c = await env.client();
    const info = await c.call<{ setupRequired: boolean }>('app.info');
    expect(info.ok && info.value.setupRequired).toBe(true);
    expect(code(await c.call('auth.login', { login: 'admin', password: 'anything-1' }))).toBe('setup_required');
    expect(code(await c.call('setup.createAdmin', { login: 'admin', password: 'short', passwordRepeat: 'short' }))).toBe('validation');
    const [a, b] = await Promise.all([
      c.call('setup.createAdmin', { login: 'first', password: '0123456789ab', passwordRepeat: '0123456789ab' }),
      (await env.client()).call('setup.createAdmin', { login: 'second', password: '0123456789ab', passwordRepeat: '0123456789ab' }),
    ]);
    expect([code(a), code(b)].sort()).toEqual(['already_set_up', 'ok']);
    const after = await c.call<{ setupRequired: boolean }>('app.info');
    expect(after.ok && after.value.setupRequired).toBe(false);
  });
});

describe('lockout', { timeout: 90_000 }, () => {
  it(`locks after ${MAX_FAILED_LOGINS} wrong passwords, refuses even the right one, unlocks after ${LOCKOUT_MINUTES} minutes`, async () => {
    await seedRoles(env);
    const c = await env.client();
    const codes: string[] = [];
    for (let i = 0; i < MAX_FAILED_LOGINS; i++)
      codes.push(String(code(await c.call('auth.login', { login: 'clerk', password: `wrong-${i}-password` }))));
    // Even the attempt that locks answers like a wrong password: the login screen never says an account exists.
    expect(codes).toEqual(Array(MAX_FAILED_LOGINS).fill('invalid_credentials'));
    const right = await c.call('auth.login', { login: 'clerk', password: 'clerk-password-1' });
    const wrong = await c.call('auth.login', { login: 'clerk', password: 'wrong-again-1' });
    const ghost = await c.call('auth.login', { login: 'ghost', password: 'wrong-again-1' });
    expect(code(right)).toBe('invalid_credentials');
    // The answers must not differ in anything: same code, same message, as for an unknown login.
    expect(right).toEqual(wrong);
    expect(right).toEqual(ghost);
    env.clock.advance(LOCKOUT_MINUTES * 60_000 + 1000);
    expect(code(await c.call('auth.login', { login: 'clerk', password: 'clerk-password-1' }))).toBe('ok');
  });

  it('a supervisor or admin unlocks; a clerk may not', async () => {
    const clients = await seedRoles(env);
    const list = await clients.admin.call<{ clerks: Array<{ id: string; login: string; lockedUntil: string | null }> }>('clerks.list');
    const target = list.ok ? list.value.clerks.find((x) => x.login === 'clerk') : undefined;
    if (!target) throw new Error('clerk missing');
    const c = await env.client();
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await c.call('auth.login', { login: 'clerk', password: 'not-the-password' });
    expect(code(await clients.clerk.call('clerks.unlock', { id: target.id }))).toBe('forbidden');
    expect(code(await clients.supervisor.call('clerks.unlock', { id: target.id }))).toBe('ok');
    expect(code(await c.call('auth.login', { login: 'clerk', password: 'clerk-password-1' }))).toBe('ok');
  });

  it('an unknown login and a wrong password give the same answer', async () => {
    await seedRoles(env);
    const c = await env.client();
    expect(await c.call('auth.login', { login: 'ghost', password: 'some-password' })).toEqual(
      await c.call('auth.login', { login: 'clerk', password: 'some-password' }),
    );
  });
});

describe('idle lock', () => {
  it('locks an idle session, keeps it, and the password unlocks it', async () => {
    const clients = await seedRoles(env);
    expect(code(await clients.clerk.call('settings.get'))).toBe('ok');
    env.clock.advance(10 * 60_000);
    expect(await lockIdleSessions(env.app.deps)).toBeGreaterThan(0);
    expect(code(await clients.clerk.call('settings.get'))).toBe('session_locked');
    const session = await clients.clerk.call<{ session: { state: string } | null }>('auth.session');
    expect(session.ok && session.value.session?.state).toBe('locked');
    expect(code(await clients.clerk.call('auth.unlock', { password: 'wrong-password' }))).toBe('invalid_credentials');
    expect(code(await clients.clerk.call('auth.unlock', { password: 'clerk-password-1' }))).toBe('ok');
    expect(code(await clients.clerk.call('settings.get'))).toBe('ok');
  });

  it('activity keeps the session open', async () => {
    const clients = await seedRoles(env);
    for (let i = 0; i < 5; i++) {
      env.clock.advance(5 * 60_000);
      expect(code(await clients.clerk.call('auth.heartbeat'))).toBe('ok');
      await lockIdleSessions(env.app.deps);
    }
    expect(code(await clients.clerk.call('settings.get'))).toBe('ok');
  });

  it('the idle limit follows the setting', async () => {
    const clients = await seedRoles(env);
    expect(code(await clients.admin.call('settings.update', { idleLockMinutes: 2 }))).toBe('ok');
    env.clock.advance(2 * 60_000 + 1);
    await lockIdleSessions(env.app.deps);
    expect(code(await clients.clerk.call('settings.get'))).toBe('session_locked');
  });
});

describe('account management', () => {
  it('keeps at least one active admin and ends sessions of a disabled clerk', async () => {
    const clients = await seedRoles(env);
    const list = await clients.admin.call<{ clerks: Array<{ id: string; login: string }> }>('clerks.list');
    if (!list.ok) throw new Error('list failed');
    const id = (login: string) => list.value.clerks.find((x) => x.login === login)?.id;
    expect(code(await clients.admin.call('clerks.update', { id: id('admin'), disabled: true }))).toBe('last_admin');
    expect(code(await clients.admin.call('clerks.update', { id: id('admin'), role: 'clerk' }))).toBe('last_admin');
    expect(
      code(
        await clients.admin.call('clerks.create', { login: 'CLERK', fullName: 'Дубль Дублев', role: 'clerk', password: '0123456789ab' }),
      ),
    ).toBe('login_taken');
    expect(code(await clients.admin.call('clerks.update', { id: id('clerk'), disabled: true }))).toBe('ok');
    expect(code(await clients.clerk.call('settings.get'))).toBe('unauthenticated');
    // A disabled account answers like a wrong password; the reason is in the audit only.
    const disabled = await (await env.client()).call('auth.login', { login: 'clerk', password: 'clerk-password-1' });
    expect(disabled).toEqual(await (await env.client()).call('auth.login', { login: 'ghost', password: 'clerk-password-1' }));
    const refused = await listAudit(env.app.deps.db, { limit: 5, action: 'auth.login_refused' });
    expect(refused.entries[0]?.details).toMatchObject({ login: 'clerk', reason: 'disabled', via: 'login' });
    expect(code(await clients.admin.call('clerks.resetPassword', { id: id('supervisor'), password: 'new-password-22' }))).toBe('ok');
    expect(code(await clients.supervisor.call('audit.verify'))).toBe('unauthenticated');
  });

  it('writes an audit row for each login, failure, lock and change, and the chain verifies', async () => {
    const clients = await seedRoles(env);
    const c = await env.client();
    for (let i = 0; i < MAX_FAILED_LOGINS; i++) await c.call('auth.login', { login: 'clerk', password: 'nope-nope-nope' });
    const { entries } = await listAudit(env.app.deps.db, { limit: 500 });
    const actions = entries.map((e) => e.action);
    for (const a of ['setup.admin_created', 'clerk.created', 'auth.login', 'auth.login_failed', 'auth.account_locked'])
      expect(actions).toContain(a);
    expect(actions.filter((a) => a === 'auth.login_failed')).toHaveLength(MAX_FAILED_LOGINS);
    expect(JSON.stringify(entries)).not.toContain('password-1');
    const v = await clients.supervisor.call<{ ok: boolean; rows: number }>('audit.verify');
    expect(v.ok && v.value.ok).toBe(true);
  });

  it('settings from the config file are read-only', async () => {
    await env.close();
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { removeDir, tempDir } = await import('../harness');
    const dir = tempDir();
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ officeCode: 'MN-01', idleLockMinutes: 5 }));
    onTestFinished(() => removeDir(dir));
    env = await startInProcess({ configFile: file });
    const clients = await seedRoles(env);
    const s = await clients.admin.call<{ values: { officeCode: string }; readonly: string[] }>('settings.get');
    expect(s.ok && s.value.values.officeCode).toBe('MN-01');
    expect(s.ok && s.value.readonly.sort()).toEqual(['idleLockMinutes', 'officeCode']);
    const r = await clients.admin.call('settings.update', { officeCode: 'XX' });
    expect(code(r)).toBe('config_readonly');
  });
});

describe('startup refusals', () => {
  it('a bad config file stops the start with the file and the key named', async () => {
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { removeDir, tempDir } = await import('../harness');
    const dir = tempDir();
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ officeCode: 'MN-01', idleLockMinutes: 0, colour: 'red' }));
    onTestFinished(() => removeDir(dir));
    await expect(startInProcess({ configFile: file })).rejects.toThrow(
      /config\.json.*idleLockMinutes.*colour|config\.json.*colour.*idleLockMinutes/s,
    );
  });
});
