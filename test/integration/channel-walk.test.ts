/**
 * Walks the whole channel table over the HTTP transport: every channel refuses a caller
 * without a session (unless public) with `unauthenticated`, a role outside its permission
 * with `forbidden`, and a malformed input with `validation` and field paths. The table of
 * malformed inputs is keyed by channel name, so a new channel does not compile until it
 * has one here.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelNames, mayCall, permissions, roles } from '../../preload/contract';
import type { HttpClient } from '../harness';
import { malformed, wellFormed } from '../support/channel-inputs';
import { seedRoles, startInProcess, type InProcess } from '../support/in-process';

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
      headers: { 'Content-Type': 'application/json', 'X-Okno-Request': '1', Cookie: `okno_client_${env.http.port}=abc.def` },
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
