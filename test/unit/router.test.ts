/** The router's own rules, with handlers that misbehave on purpose. */
import { describe, expect, it } from 'vitest';
import { channelNames, ok, permissions, type ChannelName } from '../../preload/contract';
import { createEventBus } from '../../main/events';
import type { Logger } from '../../main/log';
import { createRouter, type Handler, type Handlers } from '../../main/router';
import { createSessions } from '../../main/sessions';
import { TestClock } from '../support/in-process';

function setup(overrides: Partial<Record<ChannelName, Handler<ChannelName>>>) {
  const logged: Array<{ message: string; fields?: Record<string, unknown> }> = [];
  const log: Logger = { debug() {}, info() {}, warn() {}, error: (message, fields) => logged.push({ message, fields }) };
  const notCalled: Handler<ChannelName> = async () => {
    throw new Error('not expected in this test');
  };
  const handlers = Object.fromEntries(channelNames.map((n) => [n, overrides[n] ?? notCalled])) as unknown as Handlers;
  const sessions = createSessions(new TestClock(), createEventBus(), 10);
  sessions.start('c1', {
    clerkId: '00000000-0000-4000-8000-000000000001',
    login: 'a',
    fullName: 'А',
    role: 'admin',
    mustChangePassword: false,
  });
  return { router: createRouter(handlers, sessions, log), logged, sessions };
}

describe('router', () => {
  it('answers an exception with internal and logs it with its stack', async () => {
    const { router, logged } = setup({
      'app.info': async () => {
        throw new TypeError('boom');
      },
    });
    const r = await router.call('c1', 'app.info', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(logged).toHaveLength(1);
    expect(String((logged[0]?.fields?.error as Error).stack)).toContain('boom');
  });

  it('refuses a value outside the output contract, so nothing extra can leak', async () => {
    const { router, logged } = setup({ 'clerks.list': async () => ok({ clerks: [{ id: 'x', passwordHash: 'secret' }] }) as never });
    expect(await router.call('c1', 'clerks.list', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(logged[0]?.message).toMatch(/outside the contract/);
  });

  it('strips fields the contract does not name', async () => {
    const clerk = {
      id: '00000000-0000-4000-8000-000000000002',
      login: 'b',
      fullName: 'Б',
      role: 'clerk',
      disabled: false,
      lockedUntil: null,
      failedAttempts: 0,
      createdAt: 'x',
      lastLoginAt: null,
      passwordHash: 'scrypt$…',
    };
    const { router } = setup({ 'clerks.list': async () => ok({ clerks: [clerk] }) as never });
    const r = await router.call('c1', 'clerks.list', {});
    expect(JSON.stringify(r)).not.toContain('scrypt');
  });

  it("while an administrator's password must be replaced, only the channels marked for it run", async () => {
    const { router, sessions } = setup({ 'auth.heartbeat': async () => ok({ lockAt: new Date(0).toISOString() }) });
    sessions.start('c2', {
      clerkId: '00000000-0000-4000-8000-000000000003',
      login: 'n',
      fullName: 'Н',
      role: 'admin',
      mustChangePassword: true,
    });
    const refused = await router.call('c2', 'clerks.list', {});
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'password_change_required', message: expect.stringMatching(/смените/) as unknown },
    });
    expect(await router.call('c2', 'auth.heartbeat', {})).toMatchObject({ ok: true });
    const allowed = channelNames.filter((n) => permissions[n].beforePasswordChange).sort();
    expect(allowed).toEqual(['auth.changePassword', 'auth.heartbeat', 'auth.logout', 'auth.unlock']);
    sessions.passwordChanged('c2');
    expect(await router.call('c2', 'clerks.list', {})).toMatchObject({ ok: false, error: { code: 'internal' } }); // ran: notCalled throws
  });

  it('does not run the handler for a locked session unless the channel allows it', async () => {
    const { router, sessions } = setup({ 'auth.session': async () => ok({ session: null }) });
    sessions.setIdleMinutes(0);
    sessions.lockIdle();
    expect(await router.call('c1', 'clerks.list', {})).toMatchObject({ ok: false, error: { code: 'session_locked' } });
    expect(await router.call('c1', 'auth.session', {})).toMatchObject({ ok: true });
  });

  it("answers invalid input with each field's code beside its Russian words (issue 16)", async () => {
    const { router } = setup({});
    const r = await router.call('c1', 'clerks.create', {
      login: 'ab',
      fullName: 'Иванов Иван',
      role: 'clerk',
      password: 'short',
      extra: 1,
    });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'validation',
        fields: {
          login: 'Логин — не короче 3 символов.',
          password: 'Пароль — не короче 10 символов.',
          extra: 'Неизвестное поле: уберите его из запроса.',
        },
        fieldIssues: {
          login: { code: 'login.too_short' },
          password: { code: 'password.too_short', params: { min: 10 } },
          extra: { code: 'request.unknown_field' },
        },
      },
    });
  });
});
