/**
 * Who gets into the harness (issue 15): over real HTTP against the in-process transport. Only the
 * printed address with its per-launch key hands out a client; the cookie is named after the port;
 * login and logout move the browser to a new client (a cookie from before is void); a bad or
 * planted cookie does not win; a page without a session hears no status events; clients expire;
 * a cookie counts only with its own client's token (what a page on another loopback port that
 * received the cookie cannot have).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_LIFETIME_MS } from '../../main/http/clients';
import { eventStream, HttpClient } from '../harness';
import { ADMIN, seedRoles, startInProcess, type InProcess } from '../support/in-process';

const CLERK = { login: 'clerk', password: 'clerk-password-1' };

/**
 * A call with exactly this Cookie header (as a browser would send it) and this token (none: the
 * header is not sent, as by a script that replays a cookie it received); the status and the answer.
 */
async function callWith(env: InProcess, cookie: string, channel: string, input: unknown = {}, token?: string) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Okno-Request': '1', Cookie: cookie };
  if (token !== undefined) headers['X-Okno-Token'] = token;
  const res = await fetch(new URL(`api/${channel}`, env.http.url), { method: 'POST', headers, body: JSON.stringify(input) });
  const body = (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
  return {
    status: res.status,
    body,
    setCookie: res.headers.getSetCookie(),
    rotated: res.headers.get('X-Okno-Client'),
    token: res.headers.get('X-Okno-Token'),
  };
}

const sessionOf = async (env: InProcess, cookie: string, token?: string) => {
  const r = await callWith(env, cookie, 'auth.session', {}, token);
  return r.status === 200 && r.body.ok ? (r.body.value as { session: { login: string } | null }).session : 'void';
};

describe('the harness before its first account', () => {
  let env: InProcess;
  beforeAll(async () => {
    env = await startInProcess();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('GET / without the key gets no cookie and no app, only what to do (ru and be)', async () => {
    for (const path of ['/', '/index.html', '/?key=wrong', `/?key=${'A'.repeat(43)}`]) {
      const res = await fetch(new URL(path, env.http.url), { redirect: 'manual' });
      expect(res.status, path).toBe(403);
      expect(res.headers.getSetCookie(), path).toEqual([]);
      const html = await res.text();
      expect(html).toContain('Откройте адрес, который напечатало «Окно»');
      expect(html).toContain('Адкрыйце адрас, які надрукавала праграма «Окно»');
      expect(html).not.toMatch(/<script/i);
    }
  });

  it('the first-run screen is refused without a client born of the key', async () => {
    const attempt = { login: 'mallory', password: 'mallory-password-1', passwordRepeat: 'mallory-password-1' };
    // Whatever the page gives without the key (nothing), and forged or foreign cookies.
    const page = await fetch(env.http.url, { redirect: 'manual' });
    await page.arrayBuffer();
    const given = page.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    for (const cookie of [given, `okno_client_${env.http.port}=forged.forged`, 'okno_client=x.y', `okno_client_1=x.y`]) {
      const r = await callWith(env, cookie, 'setup.createAdmin', attempt);
      expect(r.status, cookie).toBe(401);
      expect(r.setCookie).toEqual([]);
    }
    const keyed = await new HttpClient(env.http.openUrl).connect();
    expect(await keyed.call('app.info')).toMatchObject({ ok: true, value: { setupRequired: true } });
  });

  it('the key gives a cookie named after the port and redirects to the clean address; it may be exchanged again', async () => {
    const res = await fetch(env.http.openUrl, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    expect(location).toMatch(/^\/#t=[\w-]{43}$/);
    const token = location.slice('/#t='.length);
    const [set] = res.headers.getSetCookie();
    expect(set).toMatch(
      new RegExp(`^okno_client_${env.http.port}=[0-9a-f-]{36}\\.[\\w-]{43}; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200$`),
    );
    const cookie = (set ?? '').split(';')[0] ?? '';
    expect((await callWith(env, cookie, 'app.info', {}, token)).status).toBe(200);
    // A second browser (or one whose cookie expired) opens the printed address again: a client of its own.
    const second = await new HttpClient(env.http.openUrl).connect();
    expect(second.cookie).not.toBe(cookie);
    // A browser that has a live client keeps it (a second tab must not drop the first one's session).
    const again = await fetch(env.http.openUrl, { redirect: 'manual', headers: { Cookie: cookie } });
    expect(again.status).toBe(303);
    expect(again.headers.getSetCookie()).toEqual([]);
    expect(again.headers.get('location')).toBe(`/#t=${token}`);
    // With its cookie the page is the app (here: not built), without it the page says what to do.
    expect((await fetch(env.http.url, { headers: { Cookie: cookie } })).status).toBe(503);
  });
});

describe('the harness with accounts', () => {
  let env: InProcess;
  let now = Date.parse('2026-12-04T09:00:00Z');
  let admin: HttpClient;
  beforeAll(async () => {
    env = await startInProcess({ transportNow: () => now });
    ({ admin } = await seedRoles(env));
  });
  afterAll(async () => {
    await env?.close();
  });

  it('login and logout move the client to a new cookie: a cookie replayed from before either has no session', async () => {
    const browser = await new HttpClient(env.http.openUrl).connect();
    const beforeLogin = browser.cookie;
    const beforeToken = browser.token;
    expect(await browser.call('auth.login', CLERK)).toMatchObject({ ok: true });
    const signedIn = browser.cookie;
    expect(signedIn).not.toBe(beforeLogin);
    // The login's answer handed over the new client's token.
    expect(browser.token).not.toBe(beforeToken);
    expect(await sessionOf(env, signedIn, browser.token)).toMatchObject({ login: 'clerk' });
    // Taken before login (e.g. by a page on another loopback port): worth nothing now.
    expect(await sessionOf(env, beforeLogin, beforeToken)).toBe('void');
    expect((await callWith(env, beforeLogin, 'journal.list', {}, beforeToken)).status).toBe(401);
    // The old token does not open the new client either.
    expect(await sessionOf(env, signedIn, beforeToken)).toBe('void');

    const out = await callWith(env, signedIn, 'auth.logout', {}, browser.token);
    expect(out.body.ok).toBe(true);
    expect(out.rotated).toBe('rotated');
    const afterLogout = (out.setCookie[0] ?? '').split(';')[0] ?? '';
    expect(afterLogout).toMatch(new RegExp(`^okno_client_${env.http.port}=`));
    expect(out.token).toMatch(/^[\w-]{43}$/);
    expect(out.token).not.toBe(browser.token);
    // Replayed after the clerk logged out: void, not a way back into the session.
    expect(await sessionOf(env, signedIn, browser.token)).toBe('void');
    expect(await sessionOf(env, afterLogout, out.token ?? '')).toBeNull();
  });

  it('a failed login leaves the client as it was', async () => {
    const browser = await new HttpClient(env.http.openUrl).connect();
    const cookie = browser.cookie;
    const r = await callWith(env, cookie, 'auth.login', { login: 'clerk', password: 'wrong-password-1' }, browser.token);
    expect(r.body.ok).toBe(false);
    expect(r.setCookie).toEqual([]);
    expect(r.token).toBeNull();
    expect(await sessionOf(env, cookie, browser.token)).toBeNull();
  });

  it('an okno_client cookie that fails verification is skipped, the next valid one counts', async () => {
    const name = `okno_client_${env.http.port}`;
    const [id, mac] = admin.cookie.slice(name.length + 1).split('.');
    const flipped = `${mac?.slice(0, -1)}${mac?.endsWith('A') ? 'B' : 'A'}`;
    const header = [`${name}=garbage`, `${name}=`, `${name}=${id}.${flipped}`, `${name}=${id}`, 'okno_client=x.y', admin.cookie].join('; ');
    expect(await sessionOf(env, header, admin.token)).toMatchObject({ login: ADMIN.login });
    expect(await sessionOf(env, `${name}=${id}.${flipped}`, admin.token)).toBe('void');
  });

  it('a cookie planted with Path=/api (sent first) does not fix the victim’s session', async () => {
    // The attacker's own client, planted in the victim's browser for /api: the browser sends it first.
    const attacker = await new HttpClient(env.http.openUrl).connect();
    const victim = await new HttpClient(env.http.openUrl).connect();
    const both = `${attacker.cookie}; ${victim.cookie}`;
    const login = await callWith(env, both, 'auth.login', CLERK, victim.token);
    expect(login.body.ok).toBe(true);
    const issued = (login.setCookie[0] ?? '').split(';')[0] ?? '';
    const issuedToken = login.token ?? '';
    // The victim's token picked the victim's cookie: the attacker's own client stays without a
    // session, and the victim's browser, still sending the planted cookie first, is signed in.
    expect(await sessionOf(env, attacker.cookie, attacker.token)).toBeNull();
    expect(await sessionOf(env, `${attacker.cookie}; ${issued}`, issuedToken)).toMatchObject({ login: 'clerk' });
    expect(await sessionOf(env, issued, issuedToken)).toMatchObject({ login: 'clerk' });
  });

  it('/events without a session carries nothing but app.* events (its own session events still reach it)', async () => {
    const anonymous = await new HttpClient(env.http.openUrl).connect();
    const clerk = await new HttpClient(env.http.openUrl).connect();
    expect(await clerk.call('auth.login', CLERK)).toMatchObject({ ok: true });
    const open = async (c: HttpClient) => {
      const controller = new AbortController();
      const res = await fetch(c.eventsUrl, { headers: { Cookie: c.cookie }, signal: controller.signal });
      expect(res.status).toBe(200);
      const reader = res.body?.getReader();
      if (!reader) throw new Error('no event stream');
      const names: string[] = [];
      const read = eventStream(reader);
      /** Reads until the event `until` arrives; returns every event name seen so far. */
      const readUntil = async (until: (event: string, data: string) => boolean) => {
        await read((event, data) => {
          names.push(event);
          return until(event, data);
        });
        return names;
      };
      return { readUntil, close: () => controller.abort() };
    };
    const idOf = (c: HttpClient) => c.cookie.split('=')[1]?.split('.')[0] ?? '';
    const anonymousStream = await open(anonymous);
    const clerkStream = await open(clerk);
    try {
      // Real broadcasts: a setting changed, and the status of the sync and the devices pushed.
      expect(await admin.call('settings.update', { idleLockMinutes: 11 })).toMatchObject({ ok: true });
      env.app.bus.emit(null, 'sync.status', env.app.deps.sync.status());
      env.app.bus.emit(null, 'devices.status', env.app.deps.devices.status());
      // A marker addressed to each stream: events reach a stream in order, so all before it were sent or held back.
      env.app.bus.emit(idOf(anonymous), 'session.changed', { state: 'ended', reason: 'marker' });
      env.app.bus.emit(idOf(clerk), 'session.changed', { state: 'active', reason: 'marker' });
      const heard = await anonymousStream.readUntil((e, d) => e === 'session.changed' && d.includes('marker'));
      expect(heard).toEqual(['session.changed']);
      const clerkHeard = await clerkStream.readUntil((e, d) => e === 'session.changed' && d.includes('marker'));
      expect(clerkHeard).toEqual(expect.arrayContaining(['settings.changed', 'sync.status', 'devices.status']));
    } finally {
      anonymousStream.close();
      clerkStream.close();
    }
  });

  it('clients expire after their lifetime; a signed-in one takes its session with it', async () => {
    const browser = await new HttpClient(env.http.openUrl).connect();
    expect(await browser.call('auth.login', CLERK)).toMatchObject({ ok: true });
    const id = browser.cookie.split('=')[1]?.split('.')[0] ?? '';
    now += CLIENT_LIFETIME_MS - 60_000;
    expect(await sessionOf(env, browser.cookie, browser.token)).toMatchObject({ login: 'clerk' });
    now += 60_000;
    expect(await sessionOf(env, browser.cookie, browser.token)).toBe('void');
    expect(env.app.sessions.current(id)).toBeNull();
    // The admin's client was minted earlier: it expired too. The printed address opens a new one.
    expect(await sessionOf(env, admin.cookie, admin.token)).toBe('void');
    const fresh = await new HttpClient(env.http.openUrl).connect();
    expect(await sessionOf(env, fresh.cookie, fresh.token)).toBeNull();
  });
});

describe('a signed-in cookie replayed without its token (e.g. by a page on another loopback port)', () => {
  let env: InProcess;
  let admin: HttpClient;
  beforeAll(async () => {
    env = await startInProcess();
    ({ admin } = await seedRoles(env));
  });
  afterAll(async () => {
    await env?.close();
  });

  /** The status of the event stream opened with this cookie and token (none: no `t` in the query). */
  const eventsStatus = async (cookie: string, token?: string) => {
    const url = new URL('events', env.http.url);
    if (token !== undefined) url.searchParams.set('t', token);
    const controller = new AbortController();
    try {
      const res = await fetch(url, { headers: { Cookie: cookie }, signal: controller.signal });
      const status = res.status;
      // A refusal is a whole JSON answer; a stream stays open until aborted.
      const text = status === 200 ? '' : await res.text();
      return { status, text };
    } finally {
      controller.abort();
    }
  };

  it('gets no session and no data; with its own token the same cookie works; another client’s token does not', async () => {
    const clerk = await new HttpClient(env.http.openUrl).connect();
    expect(await clerk.call('auth.login', CLERK)).toMatchObject({ ok: true });
    const other = await new HttpClient(env.http.openUrl).connect();

    // Replayed from a script: no token, an empty one, a wrong one, another (signed-in) client's.
    for (const token of [undefined, '', 'A'.repeat(43), other.token, admin.token]) {
      const list = await callWith(env, clerk.cookie, 'journal.list', {}, token);
      expect(list.status, String(token)).toBe(401);
      expect(list.body).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      expect(list.body.error?.message).toMatch(/Откройте адрес с ключом/);
      expect(await sessionOf(env, clerk.cookie, token)).toBe('void');
      // Not a way to sign in or out either (login would start a session on the stolen client).
      expect((await callWith(env, clerk.cookie, 'auth.login', CLERK, token)).status).toBe(401);
      expect((await callWith(env, clerk.cookie, 'auth.logout', {}, token)).status).toBe(401);
      const events = await eventsStatus(clerk.cookie, token);
      expect(events.status, String(token)).toBe(401);
      expect(events.text).not.toMatch(/event:/);
    }
    // Nor does a token go with another client's cookie: each token is bound to its own client.
    expect(await sessionOf(env, other.cookie, clerk.token)).toBe('void');

    // The page that holds the token: everything as before.
    expect(await sessionOf(env, clerk.cookie, clerk.token)).toMatchObject({ login: CLERK.login });
    expect(await callWith(env, clerk.cookie, 'journal.list', {}, clerk.token)).toMatchObject({ status: 200, body: { ok: true } });
    expect((await eventsStatus(clerk.cookie, clerk.token)).status).toBe(200);
  });

  it('the key gives a browser that already has a client that client’s token, and a new client a new one', async () => {
    const browser = await new HttpClient(env.http.openUrl).connect();
    const again = await fetch(env.http.openUrl, { redirect: 'manual', headers: { Cookie: browser.cookie } });
    expect(again.headers.get('location')).toBe(`/#t=${browser.token}`);
    const second = await new HttpClient(env.http.openUrl).connect();
    expect(second.token).not.toBe(browser.token);
  });

  it('the page without its token is sent to the address that says what to do (ru and be)', async () => {
    const res = await fetch(new URL('no-key', env.http.url), { redirect: 'manual' });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
    const html = await res.text();
    expect(html).toContain('Откройте адрес, который напечатало «Окно»');
    expect(html).toContain('Адкрыйце адрас, які надрукавала праграма «Окно»');
  });
});
