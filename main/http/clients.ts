/**
 * Who the loopback transport talks to: the per-launch key printed with the harness's address, and
 * the transport clients (one browser, or one scripted client) it handed a cookie to.
 *
 * - The key is the only way in: `/?key=…` mints a client, anything else gets no cookie. It is
 *   compared in constant time. It may be exchanged more than once while the harness runs: a second
 *   browser, a new tab (its sessionStorage has no token) or a reload after the cookie expired then
 *   needs the printed address again, not a restart of the harness that would end every session. The price is that a copy of the printed line opens a
 *   client until the harness stops; the line is printed only to the terminal of the one OS user
 *   who started the harness, and a client still needs a clerk's password (or, on first run, the
 *   key itself) for anything beyond the login screen.
 * - The cookie is named after the port (`okno_client_<port>`): browsers send cookies to every port
 *   of a host, so two harnesses (or a page on another loopback port) must not share or overwrite one.
 * - The registry of live clients is the authority, not the signature alone: a cookie whose client
 *   was retired (rotated at login or logout) or expired is void even though it is well signed.
 * - The cookie alone is not enough: browsers send it to a page on any port of 127.0.0.1 (another OS
 *   user's server), which could replay it from a script with a forged Host and no Origin. Each
 *   client also has a token that only our origin's page holds: it reaches the page in the
 *   redirect's fragment (`/#t=…`, never sent to any server) and in the `X-Okno-Token` header of
 *   the answer that rotated the client (readable by our origin only); the page keeps it in
 *   sessionStorage, which is per origin, i.e. per port. Every API call carries it in
 *   `X-Okno-Token`, the event stream in its query (EventSource sends no headers). A cookie without
 *   its own client's token counts as no client. The token is an HMAC of the client id under a
 *   per-launch key, so nothing more is stored, and one client's token is worth nothing for another.
 * - Every client lives at most CLIENT_LIFETIME_MS from when it was minted. Login mints a new
 *   client, so this is also the longest a session lasts: a working day with its overtime, after
 *   which a cookie that leaked (or a screen left signed in overnight) is worth nothing; the browser
 *   drops the cookie at the same time (Max-Age).
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

export const CLIENT_LIFETIME_MS = 12 * 60 * 60_000;

export interface TransportClients {
  /** The per-launch key, for the printed address only: never log it. */
  readonly key: string;
  readonly cookieName: string;
  /** True when `given` is this launch's key (constant time). */
  keyMatches(given: string): boolean;
  /** A new client; returns its id, the `Set-Cookie` value that names it and its token (never log it). */
  mint(): { id: string; setCookie: string; token: string };
  /** The token of a client (for the page that proved the key and already has the cookie). */
  tokenOf(id: string): string;
  /**
   * The client a Cookie header names together with its token: the first of our cookies that is
   * well signed, names a live client and whose token is `token` (constant time). Others (garbage,
   * a forged signature, a retired or expired client, another port's cookie, a cookie without its
   * token) are skipped, so a stale or planted cookie sent first does not hide the good one.
   */
  clientOf(cookieHeader: string | undefined, token: string | undefined): string | null;
  /**
   * The client a Cookie header names, without its token: only to decide whether to serve the
   * (static) page and whether a browser that proved the key already has a client. Never for the
   * API or the event stream.
   */
  cookieClientOf(cookieHeader: string | undefined): string | null;
  /** Forgets a client: its cookie is void from now on. */
  drop(id: string): void;
  /** Forgets the clients past their lifetime; returns their ids (their sessions and streams are the caller's to end). */
  sweep(): string[];
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export function createTransportClients(port: number, now: () => number): TransportClients {
  const key = randomBytes(32).toString('base64url');
  const keyDigest = digest(key);
  const signingKey = randomBytes(32);
  const tokenKey = randomBytes(32);
  const cookieName = `okno_client_${port}`;
  /** Client id → when it expires. */
  const live = new Map<string, number>();
  const sign = (id: string) => createHmac('sha256', signingKey).update(id).digest('base64url');
  const tokenOf = (id: string) => createHmac('sha256', tokenKey).update(id).digest('base64url');
  // Digests of equal length, so neither the length nor a prefix shows in the timing.
  const tokenMatches = (id: string, given: string) => timingSafeEqual(digest(given), digest(tokenOf(id)));
  const ourCookies = (cookieHeader: string | undefined) =>
    (cookieHeader?.split(';') ?? []).flatMap((part) => {
      const eq = part.indexOf('=');
      return eq >= 0 && part.slice(0, eq).trim() === cookieName ? [part.slice(eq + 1).trim()] : [];
    });

  const verify = (value: string): string | null => {
    const dot = value.indexOf('.');
    if (dot <= 0) return null;
    const id = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1));
    const expected = Buffer.from(sign(id));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const expires = live.get(id);
    return expires !== undefined && expires > now() ? id : null;
  };

  return {
    key,
    cookieName,
    keyMatches: (given) => timingSafeEqual(digest(given), keyDigest),
    mint() {
      const id = randomUUID();
      live.set(id, now() + CLIENT_LIFETIME_MS);
      const maxAge = Math.floor(CLIENT_LIFETIME_MS / 1000);
      return {
        id,
        setCookie: `${cookieName}=${id}.${sign(id)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAge}`,
        token: tokenOf(id),
      };
    },
    tokenOf,
    clientOf(cookieHeader, token) {
      if (token === undefined || token === '') return null;
      for (const value of ourCookies(cookieHeader)) {
        const id = verify(value);
        if (id && tokenMatches(id, token)) return id;
      }
      return null;
    },
    cookieClientOf(cookieHeader) {
      for (const value of ourCookies(cookieHeader)) {
        const id = verify(value);
        if (id) return id;
      }
      return null;
    },
    drop: (id) => void live.delete(id),
    sweep() {
      const t = now();
      const gone: string[] = [];
      for (const [id, expires] of live) if (expires <= t) gone.push(id);
      for (const id of gone) live.delete(id);
      return gone;
    },
  };
}
