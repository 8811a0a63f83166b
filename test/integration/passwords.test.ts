/**
 * Issue 15, passwords: the lockout holds under concurrency, scrypt parameters and re-hashing,
 * the forced change after an administrator chose the password, and `auth.changePassword`
 * counting like login. Through the HTTP transport of the in-process app and a real SQLite file.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countFailedAttempt, findClerkByLogin, listAudit, recordLogin } from '../../db';
import { MAX_FAILED_LOGINS } from '../../main/services/auth';
import { SCRYPT_PARAMS } from '../../main/services/passwords';
import { SEEDED_HASHES, seedClerk, seedRoles, startInProcess, type InProcess } from '../support/in-process';

/** Each scrypt is ~0.4 s (128 MiB) and these tests run several in a row; a loaded machine doubles that. */
const SLOW = 90_000;

let env: InProcess;
beforeEach(async () => {
  env = await startInProcess();
});
afterEach(() => env.close());

const code = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code);

async function auditOf(action: 'auth.login_failed' | 'auth.login_refused' | 'auth.account_locked' | 'auth.login') {
  const { entries } = await listAudit(env.app.deps.db, { limit: 500, action });
  return entries.reverse().map((e) => e.details);
}

describe('lockout under concurrency', { timeout: SLOW }, () => {
  it('60 concurrent wrong passwords lock the account, each is counted once, and the right password is then refused', async () => {
    await seedRoles(env);
    const clients = await Promise.all(Array.from({ length: 60 }, () => env.client()));
    const answers = await Promise.all(clients.map((c, i) => c.call('auth.login', { login: 'clerk', password: `wrong-password-${i}` })));
    expect(new Set(answers.map(code))).toEqual(new Set(['invalid_credentials']));

    const clerk = await findClerkByLogin(env.app.deps.db, 'clerk');
    expect(clerk?.lockedUntil).not.toBeNull();
    // Five checked and counted 1…5; the rest arrived while locked: counted 6…60 without a password check.
    const failed = await auditOf('auth.login_failed');
    expect(failed.map((d) => d['attempt'])).toEqual([1, 2, 3, 4, 5]);
    const refused = await auditOf('auth.login_refused');
    expect(refused.map((d) => d['reason'])).toEqual(Array(60 - MAX_FAILED_LOGINS).fill('locked'));
    expect(refused.map((d) => d['attempt'])).toEqual(Array.from({ length: 60 - MAX_FAILED_LOGINS }, (_, i) => i + MAX_FAILED_LOGINS + 1));
    expect(await auditOf('auth.account_locked')).toHaveLength(1);

    const right = await (await env.client()).call('auth.login', { login: 'clerk', password: 'clerk-password-1' });
    expect(right).toEqual(answers[0]);
  });
});

describe('the database decides', { timeout: SLOW }, () => {
  it('gives concurrent failures distinct numbers, locks once, and refuses a login on a locked or re-set account', async () => {
    await seedRoles(env);
    const db = env.app.deps.db;
    const row = await findClerkByLogin(db, 'clerk');
    if (!row) throw new Error('clerk missing');
    const now = env.clock.now().toISOString();
    const until = new Date(env.clock.now().getTime() + 15 * 60_000).toISOString();
    const results = await Promise.all(Array.from({ length: 8 }, () => countFailedAttempt(db, row.id, now, until, MAX_FAILED_LOGINS)));
    expect(results.map((r) => r?.attempts).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(results.filter((r) => r?.kind === 'counted' && r.locked)).toHaveLength(1);
    expect(results.filter((r) => r?.kind === 'while_locked')).toHaveLength(3);
    expect(await recordLogin(db, row.id, row.passwordHash, now)).toBeNull();
    const later = new Date(Date.parse(until) + 1000).toISOString();
    expect(await recordLogin(db, row.id, 'scrypt$another$hash', later)).toBeNull();
    // The first failure after the lock expired starts the count again at 1; a right password clears it.
    expect(await countFailedAttempt(db, row.id, later, until, MAX_FAILED_LOGINS)).toMatchObject({
      kind: 'counted',
      attempts: 1,
      locked: false,
    });
    expect((await recordLogin(db, row.id, row.passwordHash, later))?.failedAttempts).toBe(0);
  });
});

describe('scrypt parameters', { timeout: SLOW }, () => {
  it('hashes at N=2^17, r=8, p=1 and re-hashes an older hash at the next successful login', async () => {
    await seedRoles(env);
    const admin = await findClerkByLogin(env.app.deps.db, 'admin');
    expect(admin?.passwordHash.split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1']);
    expect(SCRYPT_PARAMS).toEqual({ N: 2 ** 17, r: 8, p: 1 });

    // A hash made before issue 15 (N=2^15) for the password 'clerk-password-1'.
    const old = 'scrypt$32768$8$1$K41QXfhNCAu1KqzuLxugqA==$lO02TZ9VGoOOe1DlOSzIP37whQYpZWWJBonxVHO5Gi8=';
    await seedClerk(env, { login: 'veteran', fullName: 'Старый Пароль', role: 'clerk', passwordHash: old });
    expect(code(await (await env.client()).call('auth.login', { login: 'veteran', password: 'clerk-password-1' }))).toBe('ok');
    const after = await findClerkByLogin(env.app.deps.db, 'veteran');
    expect(after?.passwordHash.split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1']);
    const logins = await auditOf('auth.login');
    expect(logins.at(-1)).toMatchObject({ rehashed: true });
    // The new hash is of the same password, and a current hash is left alone.
    expect(code(await (await env.client()).call('auth.login', { login: 'veteran', password: 'clerk-password-1' }))).toBe('ok');
    expect((await findClerkByLogin(env.app.deps.db, 'veteran'))?.passwordHash).toBe(after?.passwordHash);
    expect((await auditOf('auth.login')).at(-1)).not.toHaveProperty('rehashed');
  });
});

describe('forced password change', { timeout: SLOW }, () => {
  const NEW = 'my-own-password-7';

  it('an account created by an administrator must set its own password before anything else', async () => {
    const clients = await seedRoles(env);
    const admin = clients.admin;
    const session = await admin.call<{ session: { mustChangePassword: boolean } | null }>('auth.session');
    expect(session.ok && session.value.session?.mustChangePassword).toBe(false); // the first admin chose theirs

    expect(
      code(await admin.call('clerks.create', { login: 'novice', fullName: 'Новикова Нина', role: 'clerk', password: 'given-password-1' })),
    ).toBe('ok');
    const c = await env.client();
    const login = await c.call<{ mustChangePassword: boolean }>('auth.login', { login: 'novice', password: 'given-password-1' });
    expect(login.ok && login.value.mustChangePassword).toBe(true);
    const refused = await c.call('journal.list', {});
    expect(refused).toEqual({
      ok: false,
      error: { code: 'password_change_required', message: expect.stringContaining('смените') as unknown },
    });
    expect(code(await c.call('settings.get'))).toBe('password_change_required');
    expect(code(await c.call('auth.heartbeat'))).toBe('ok');
    const same = { currentPassword: 'given-password-1', newPassword: 'given-password-1', newPasswordRepeat: 'given-password-1' };
    expect(code(await c.call('auth.changePassword', same))).toBe('validation');
    const change = { currentPassword: 'given-password-1', newPassword: NEW, newPasswordRepeat: NEW };
    expect(code(await c.call('auth.changePassword', change))).toBe('ok');
    expect(code(await c.call('settings.get'))).toBe('ok');
    const again = await (await env.client()).call<{ mustChangePassword: boolean }>('auth.login', { login: 'novice', password: NEW });
    expect(again.ok && again.value.mustChangePassword).toBe(false);
  });

  it("an administrator's reset forces the change again", async () => {
    const clients = await seedRoles(env);
    const clerk = await findClerkByLogin(env.app.deps.db, 'clerk');
    expect(code(await clients.admin.call('clerks.resetPassword', { id: clerk?.id, password: 'reset-password-1' }))).toBe('ok');
    const c = await env.client();
    const login = await c.call<{ mustChangePassword: boolean }>('auth.login', { login: 'clerk', password: 'reset-password-1' });
    expect(login.ok && login.value.mustChangePassword).toBe(true);
    expect(code(await c.call('journal.list', {}))).toBe('password_change_required');
  });
});

describe('auth.changePassword', { timeout: SLOW }, () => {
  it('counts wrong current passwords like login: the fifth locks the account and ends its sessions', async () => {
    const clients = await seedRoles(env);
    const other = await env.client();
    expect(code(await other.call('auth.login', { login: 'clerk', password: 'clerk-password-1' }))).toBe('ok');
    const attempt = (i: number) =>
      clients.clerk.call('auth.changePassword', {
        currentPassword: `wrong-${i}-password`,
        newPassword: 'next-password-1',
        newPasswordRepeat: 'next-password-1',
      });
    // Concurrent, so a counter read before the await would count them all as one.
    const answers = await Promise.all(Array.from({ length: MAX_FAILED_LOGINS }, (_, i) => attempt(i)));
    expect(answers.map(code).sort()).toEqual([...Array(MAX_FAILED_LOGINS - 1).fill('invalid_credentials'), 'account_locked'].sort());
    expect((await auditOf('auth.login_failed')).map((d) => [d['attempt'], d['via']])).toEqual(
      Array.from({ length: MAX_FAILED_LOGINS }, (_, i) => [i + 1, 'change_password']),
    );
    expect(code(await clients.clerk.call('settings.get'))).toBe('unauthenticated');
    expect(code(await other.call('settings.get'))).toBe('unauthenticated');
    expect(code(await (await env.client()).call('auth.login', { login: 'clerk', password: 'clerk-password-1' }))).toBe(
      'invalid_credentials',
    );
  });

  it("a successful change ends the clerk's other sessions and keeps this one", async () => {
    const clients = await seedRoles(env);
    const other = await env.client();
    expect(code(await other.call('auth.login', { login: 'clerk', password: 'clerk-password-1' }))).toBe('ok');
    const change = { currentPassword: 'clerk-password-1', newPassword: 'next-password-1', newPasswordRepeat: 'next-password-1' };
    expect(code(await clients.clerk.call('auth.changePassword', change))).toBe('ok');
    expect(code(await clients.clerk.call('settings.get'))).toBe('ok');
    expect(code(await other.call('settings.get'))).toBe('unauthenticated');
    expect(code(await clients.supervisor.call('settings.get'))).toBe('ok');
    expect(SEEDED_HASHES['clerk-password-1']).not.toBe((await findClerkByLogin(env.app.deps.db, 'clerk'))?.passwordHash);
  });
});
