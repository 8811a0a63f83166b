/**
 * An administrator cannot divert the queue (issue 15): while applications wait to be sent,
 * changing the registry's address or replacing the token is refused unless a supervisor confirms
 * with their login and password; the supervisor's wrong passwords count towards the same lockout
 * as logins, atomically (concurrent attempts each count); with the queue empty no confirmation is
 * asked; the audit row records the old and new address and who confirmed, never the token.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HttpClient } from '../harness';
import { seedRoles, startInProcess, type InProcess } from '../support/in-process';
import { seedSignedApplications, syntheticPerson } from '../support/sync-load';

// Nothing listens there: the worker's sends fail and the queue stays.
const FIRST_URL = 'http://127.0.0.1:9/first/';
const OTHER_URL = 'https://registry.attacker.example/api/';
const SUPERVISOR = { login: 'supervisor', password: 'supervisor-password-1' };
const TOKEN_1 = 'first-token-1234';
const TOKEN_2 = 'other-token-5678';

let env: InProcess;
let admin: HttpClient;
let clerk: HttpClient;

beforeEach(async () => {
  env = await startInProcess({ retention: false, sync: { backoff: { baseMs: 60_000, capMs: 60_000 }, offlineCheckMs: 60_000 } });
  ({ admin, clerk } = await seedRoles(env));
});
afterEach(async () => {
  await env.close();
});

type AuditRow = { action: string; details: Record<string, unknown> };
async function auditRows(action: string): Promise<AuditRow[]> {
  const rows = (await env.app.deps.db('audit_log').where({ action }).orderBy('seq')) as { action: string; details: string }[];
  return rows.map((r) => ({ action: r.action, details: JSON.parse(r.details) as Record<string, unknown> }));
}

async function queueOne(): Promise<void> {
  const row = (await env.app.deps.db('clerks').where({ login: 'clerk' }).first()) as { id: string };
  await seedSignedApplications(
    env.app.deps.db,
    env.app.deps.cipher,
    { clerkId: row.id, officeCode: '00', workstationId: '1', year: 2026, now: env.clock.now() },
    [syntheticPerson(1)],
  );
}

const registryUrl = async () => (await admin.call('settings.get', {})) as { ok: true; value: { values: { registryUrl: string } } };

describe('changing where the queue goes', () => {
  it('with the queue empty: address and token change without confirmation, the audit has the old and new address', async () => {
    expect(await admin.call('settings.update', { registryUrl: FIRST_URL })).toMatchObject({ ok: true });
    expect(await admin.call('registry.setToken', { token: TOKEN_1 })).toMatchObject({ ok: true });
    expect(await admin.call('registry.setToken', { token: TOKEN_2 })).toMatchObject({ ok: true });
    const [updated] = await auditRows('settings.updated');
    expect(updated?.details).toMatchObject({ keys: ['registryUrl'], registryUrl: { from: '', to: FIRST_URL }, queued: 0 });
    for (const row of await auditRows('registry.token_set')) expect(JSON.stringify(row)).not.toMatch(/token-\d/);
  });

  it('with applications queued: refused with the reason, nothing changes; a supervisor confirms and it goes through', async () => {
    await admin.call('settings.update', { registryUrl: FIRST_URL });
    await admin.call('registry.setToken', { token: TOKEN_1 });
    await queueOne();

    const refused = await admin.call('settings.update', { registryUrl: OTHER_URL });
    expect(refused).toMatchObject({ ok: false, error: { code: 'confirmation_required', fields: { supervisor: expect.any(String) } } });
    expect(JSON.stringify(refused)).toMatch(/Не отправлено в реестр заявлений: 1\./);
    expect((await registryUrl()).value.values.registryUrl).toBe(FIRST_URL);
    expect(await admin.call('registry.setToken', { token: TOKEN_2 })).toMatchObject({
      ok: false,
      error: { code: 'confirmation_required' },
    });
    // Other settings are not held up by the queue.
    expect(await admin.call('settings.update', { officeName: 'Служба «одно окно» Центрального района' })).toMatchObject({ ok: true });

    // A clerk's password, the admin's own, or the supervisor's wrong one: refused alike.
    for (const supervisor of [
      { login: 'clerk', password: 'clerk-password-1' },
      { login: 'admin', password: 'admin-password-1' },
      { login: 'supervisor', password: 'wrong-password-1' },
      { login: 'nobody', password: 'whatever-password' },
    ])
      expect(await admin.call('settings.update', { registryUrl: OTHER_URL, supervisor })).toMatchObject({
        ok: false,
        error: { code: 'invalid_credentials', fields: { 'supervisor.password': expect.any(String) } },
      });
    expect((await registryUrl()).value.values.registryUrl).toBe(FIRST_URL);

    expect(await admin.call('settings.update', { registryUrl: OTHER_URL, supervisor: SUPERVISOR })).toMatchObject({
      ok: true,
      value: { values: { registryUrl: OTHER_URL } },
    });
    const rows = await auditRows('settings.updated');
    expect(rows.at(-1)?.details).toMatchObject({
      keys: ['registryUrl'],
      registryUrl: { from: FIRST_URL, to: OTHER_URL },
      queued: 1,
      confirmedBy: { login: 'supervisor' },
    });

    expect(await admin.call('registry.setToken', { token: TOKEN_2, supervisor: SUPERVISOR })).toMatchObject({ ok: true });
    const tokenRows = await auditRows('registry.token_set');
    expect(tokenRows.at(-1)?.details).toMatchObject({ queued: 1, confirmedBy: { login: 'supervisor' } });
    expect(JSON.stringify(tokenRows)).not.toContain(TOKEN_2);
    expect(JSON.stringify(await env.app.deps.db('audit_log').select('details'))).not.toContain(SUPERVISOR.password);
  });

  it('a password the administrator set (new account, reset) does not confirm until the supervisor has chosen their own', async () => {
    await admin.call('settings.update', { registryUrl: FIRST_URL });
    await queueOne();
    const given = { login: 'deputy', password: 'given-by-admin-1' };
    expect(await admin.call('clerks.create', { ...given, fullName: 'Заместитель', role: 'supervisor' })).toMatchObject({ ok: true });
    expect(await admin.call('settings.update', { registryUrl: OTHER_URL, supervisor: given })).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' },
    });
    expect((await auditRows('auth.login_refused')).at(-1)?.details).toMatchObject({ login: 'deputy', reason: 'password_not_chosen' });

    // The supervisor signs in and chooses a password: that one confirms.
    const deputy = await env.client();
    expect(await deputy.call('auth.login', given)).toMatchObject({ ok: true });
    const chosen = { login: 'deputy', password: 'chosen-by-deputy-1' };
    expect(
      await deputy.call('auth.changePassword', {
        currentPassword: given.password,
        newPassword: chosen.password,
        newPasswordRepeat: chosen.password,
      }),
    ).toMatchObject({
      ok: true,
    });
    expect(await admin.call('settings.update', { registryUrl: OTHER_URL, supervisor: chosen })).toMatchObject({ ok: true });
  });

  it('concurrent wrong confirmations each count: the supervisor is locked, for login too, audit attempts 1…5', async () => {
    await admin.call('settings.update', { registryUrl: FIRST_URL });
    await queueOne();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        admin.call('settings.update', { registryUrl: OTHER_URL, supervisor: { login: 'supervisor', password: 'wrong-password-1' } }),
      ),
    );
    for (const a of answers) expect(a).toMatchObject({ ok: false, error: { code: 'invalid_credentials' } });
    const failed = (await auditRows('auth.login_failed')).filter((r) => r.details.via === 'confirmation');
    expect(failed.map((r) => r.details.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(await auditRows('auth.account_locked')).toHaveLength(1);
    // Locked: the right password neither confirms nor logs in.
    expect(await admin.call('settings.update', { registryUrl: OTHER_URL, supervisor: SUPERVISOR })).toMatchObject({
      ok: false,
      error: { code: 'invalid_credentials' },
    });
    const login = await (await env.client()).call('auth.login', SUPERVISOR);
    expect(login).toMatchObject({ ok: false });
    expect((await registryUrl()).value.values.registryUrl).toBe(FIRST_URL);
    void clerk;
  });
});
