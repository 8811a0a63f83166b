/**
 * Walks the whole channel table over the HTTP transport: every channel refuses a caller
 * without a session (unless public) with `unauthenticated`, a role outside its permission
 * with `forbidden`, and a malformed input with `validation` and field paths. The table of
 * malformed inputs is keyed by channel name, so a new channel does not compile until it
 * has one here.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames, mayCall, permissions, roles, type ChannelName } from '../../preload/contract';
import type { HttpClient } from '../harness';
import { seedRoles, startInProcess, type InProcess } from '../support/in-process';

const UUID = '00000000-0000-4000-8000-000000000000';
const APPLICATION = {
  procedure: 'issue',
  idNumber: '3270287A012PB2',
  person: { surname: 'Иванов', givenNames: 'Иван', birthDate: '1987-02-27', sex: 'M', citizenship: 'BLR' },
  document: { type: 'id_card_by', number: '1234567', series: 'MP', expiresAt: '2031-01-01' },
  phone: '+375291234567',
  consent: true,
} as const;

/** For each channel: an input that must fail validation, and one field path it must name. */
const malformed: Record<ChannelName, { input: unknown; field: string }> = {
  'app.info': { input: { extra: 1 }, field: 'extra' },
  'setup.createAdmin': { input: { login: 'a', password: 'x', passwordRepeat: 'x' }, field: 'login' },
  'auth.session': { input: { extra: true }, field: 'extra' },
  'auth.login': { input: { login: 'admin', password: 42 }, field: 'password' },
  'auth.logout': { input: { now: 'please' }, field: 'now' },
  'auth.unlock': { input: { password: '' }, field: 'password' },
  'auth.heartbeat': { input: { at: 1 }, field: 'at' },
  'auth.changePassword': { input: { currentPassword: 'x', newPassword: 'short', newPasswordRepeat: 'short' }, field: 'newPassword' },
  'clerks.list': { input: { role: 'admin' }, field: 'role' },
  'clerks.create': { input: { login: 'new.clerk', fullName: 'Петров Пётр', role: 'boss', password: '0123456789' }, field: 'role' },
  'clerks.update': { input: { id: 'not-a-uuid', disabled: true }, field: 'id' },
  'clerks.resetPassword': { input: { id: UUID, password: '123' }, field: 'password' },
  'clerks.unlock': { input: { id: 7 }, field: 'id' },
  'settings.get': { input: { key: 'x' }, field: 'key' },
  'settings.update': { input: { idleLockMinutes: 0 }, field: 'idleLockMinutes' },
  'audit.list': { input: { limit: 100000 }, field: 'limit' },
  'audit.verify': { input: { deep: true }, field: 'deep' },
  'audit.export': { input: { from: '2026-13-01' }, field: 'from' },
  'retention.status': { input: { days: 1 }, field: 'days' },
  'subjects.find': { input: { idNumber: '3270287A012PB3' }, field: 'idNumber' },
  'subjects.report': { input: {}, field: 'idNumber' },
  'subjects.erase': { input: { idNumber: '3270287A012PB2', requestRef: '<script>' }, field: 'requestRef' },
  'applications.checkDuplicates': { input: { procedure: 'issue', idNumber: '3270287A012PB3' }, field: 'idNumber' },
  'applications.create': {
    input: { ...APPLICATION, person: { ...APPLICATION.person, birthDate: '1987-02-28' } },
    field: 'person.birthDate',
  },
  'applications.get': { input: { id: 'x' }, field: 'id' },
  'applications.markPrinted': { input: {}, field: 'id' },
  'applications.sign': { input: { id: UUID, force: true }, field: 'force' },
  'applications.cancel': { input: { id: UUID, reason: '' }, field: 'reason' },
  'journal.list': { input: { from: '2026-11-30', to: '2026-11-01' }, field: 'to' },
  'print.page': { input: { title: '' }, field: 'title' },
  'devices.status': { input: { poll: true }, field: 'poll' },
  'devices.ports': { input: { all: 1 }, field: 'all' },
  'devices.takeScan': { input: { scanId: 'scan-1' }, field: 'scanId' },
  'devices.labelPreview': { input: { journalNo: '1' }, field: 'journalNo' },
  'devices.testLabel': { input: { copies: 2 }, field: 'copies' },
  'applications.label': { input: { id: 'x' }, field: 'id' },
  'applications.printLabel': { input: { id: UUID, copies: 3 }, field: 'copies' },
  'sync.status': { input: { verbose: true }, field: 'verbose' },
  'sync.queue': { input: { all: true }, field: 'all' },
  'sync.now': { input: { force: true }, field: 'force' },
  'registry.setToken': { input: { token: 'short' }, field: 'token' },
  'phone.sendCode': { input: { phone: '+375171234567' }, field: 'phone' },
  'phone.verifyCode': { input: { confirmationId: UUID, code: '12345' }, field: 'code' },
  'citizens.lookup': { input: { idNumber: '3270287A012PB3' }, field: 'idNumber' },
  'notifications.list': { input: { unreadOnly: true }, field: 'unreadOnly' },
  'notifications.markRead': { input: { ids: [] }, field: 'ids' },
};

/** Inputs that are valid in shape, used to prove that refusals come from the session or role. */
const wellFormed: Record<ChannelName, unknown> = {
  'app.info': {},
  'setup.createAdmin': { login: 'second.admin', password: '0123456789ab', passwordRepeat: '0123456789ab' },
  'auth.session': {},
  'auth.login': { login: 'nobody', password: 'whatever-1' },
  'auth.logout': {},
  'auth.unlock': { password: 'whatever-1' },
  'auth.heartbeat': {},
  'auth.changePassword': { currentPassword: 'wrong-one-1', newPassword: '0123456789ab', newPasswordRepeat: '0123456789ab' },
  'clerks.list': {},
  'clerks.create': { login: 'walker', fullName: 'Ходоков Ход', role: 'clerk', password: '0123456789ab' },
  'clerks.update': { id: UUID, fullName: 'Никто Никтович' },
  'clerks.resetPassword': { id: UUID, password: '0123456789ab' },
  'clerks.unlock': { id: UUID },
  'settings.get': {},
  'settings.update': { officeName: 'Тестовая служба' },
  'audit.list': {},
  'audit.verify': {},
  'audit.export': { from: '2026-11-01' },
  'retention.status': {},
  'subjects.find': { idNumber: APPLICATION.idNumber },
  'subjects.report': { idNumber: APPLICATION.idNumber },
  'subjects.erase': { idNumber: APPLICATION.idNumber, requestRef: '№ 12/345' },
  'applications.checkDuplicates': { procedure: 'issue', idNumber: APPLICATION.idNumber },
  'applications.create': APPLICATION,
  'applications.get': { id: UUID },
  'applications.markPrinted': { id: UUID },
  'applications.sign': { id: UUID },
  'applications.cancel': { id: UUID, reason: 'ошибка в данных' },
  'journal.list': {},
  'print.page': { title: 'Заявление' },
  'devices.status': {},
  'devices.ports': {},
  'devices.takeScan': { scanId: UUID },
  'devices.labelPreview': {},
  'devices.testLabel': {},
  'applications.label': { id: UUID },
  'applications.printLabel': { id: UUID },
  'sync.status': {},
  'sync.queue': {},
  'sync.now': {},
  'registry.setToken': { token: 'walker-token-1' },
  'phone.sendCode': { phone: '+375291234567' },
  'phone.verifyCode': { confirmationId: UUID, code: '123456' },
  'citizens.lookup': { idNumber: APPLICATION.idNumber },
  'notifications.list': {},
  'notifications.markRead': { ids: [UUID] },
};

let env: InProcess;
let anonymous: HttpClient;
let byRole: Awaited<ReturnType<typeof seedRoles>>;

beforeAll(async () => {
  env = await startInProcess();
  byRole = await seedRoles(env);
  anonymous = await env.client();
});
afterAll(() => env.close());

describe('every channel, every caller', () => {
  it.each(channelNames)('%s refuses a caller without a session unless public', async (channel) => {
    const r = await anonymous.call(channel, wellFormed[channel]);
    if (permissions[channel].access === 'public') {
      if (!r.ok) expect(r.error.code).not.toMatch(/^(unauthenticated|forbidden)$/);
    } else {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('unauthenticated');
    }
  });

  it.each(channelNames.flatMap((c) => roles.map((role) => [c, role] as const)))(
    '%s as %s: forbidden exactly when the matrix says so',
    async (channel, role) => {
      if (channel === 'auth.logout') return; // would end the walker's session; covered below
      const r = await byRole[role].call(channel, wellFormed[channel]);
      if (mayCall(channel, role)) {
        if (!r.ok) expect(r.error.code).not.toMatch(/^(unauthenticated|forbidden|validation)$/);
      } else {
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.code).toBe('forbidden');
      }
    },
  );

  it.each(channelNames)('%s rejects malformed input with validation and field paths', async (channel) => {
    const role = roles.find((r) => mayCall(channel, r)) ?? 'admin';
    const caller = permissions[channel].access === 'public' ? anonymous : byRole[role];
    const { input, field } = malformed[channel];
    const r = await caller.call(channel, input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('validation');
      expect(Object.keys(r.error.fields ?? {})).toContain(field);
    }
  });

  it('a non-object body and an unknown channel are clean errors', async () => {
    const r = await byRole.admin.call('clerks.list', 42);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('validation');
    const u = await byRole.admin.call('clerks.dropAll', {});
    expect(u.ok).toBe(false);
    if (!u.ok) expect(u.error.code).toBe('unknown_channel');
  });

  it('logout ends only the caller’s session', async () => {
    const other = await env.client();
    expect((await other.call('auth.login', { login: 'clerk', password: 'clerk-password-1' })).ok).toBe(true);
    expect((await other.call('auth.logout')).ok).toBe(true);
    const after = await other.call('settings.get');
    expect(after.ok).toBe(false);
    expect((await byRole.clerk.call('settings.get')).ok).toBe(true);
  });

  it('the transport refuses calls without its cookie or its request header', async () => {
    const res = await fetch(new URL('api/app.info', env.http.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Okno-Request': '1' },
      body: '{}',
    });
    expect(res.status).toBe(401);
    const forged = await fetch(new URL('api/app.info', env.http.url), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Okno-Request': '1', Cookie: 'okno_client=abc.def' },
      body: '{}',
    });
    expect(forged.status).toBe(401);
    // fetch cannot forge Host; a raw request can (DNS rebinding sends a foreign Host).
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: env.http.port,
          path: '/api/app.info',
          method: 'POST',
          headers: { Host: 'evil.example', 'X-Okno-Request': '1' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
  });
});
