/** Clerk passwords: scrypt with a per-password salt, compared in constant time. */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/** OWASP's scrypt minimum (N=2^17, r=8, p=1): 128 MiB and ~0.3–0.5 s per hash on an office PC. */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

interface Params {
  N: number;
  r: number;
  p: number;
}

/** How long one derivation takes here, smoothed; what a refusal without scrypt waits for. */
let typicalMs: number | null = null;

async function derive(password: string, salt: Buffer, params: Params): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; Node refuses above 32 MiB unless maxmem allows it.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  const started = performance.now();
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, derived) => (err ? reject(err) : resolve(derived))),
  );
  // Only derivations with today's parameters say how long a real check takes.
  if (params.N === SCRYPT_PARAMS.N && params.r === SCRYPT_PARAMS.r && params.p === SCRYPT_PARAMS.p) {
    const ms = performance.now() - started;
    typicalMs = typicalMs === null ? ms : typicalMs * 0.8 + ms * 0.2;
  }
  return key;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, SCRYPT_PARAMS);
  return ['scrypt', SCRYPT_PARAMS.N, SCRYPT_PARAMS.r, SCRYPT_PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash made with older parameters is replaced at the next successful login. */
export function needsRehash(stored: string): boolean {
  const [scheme, n, r, p] = stored.split('$');
  return scheme !== 'scrypt' || Number(n) !== SCRYPT_PARAMS.N || Number(r) !== SCRYPT_PARAMS.r || Number(p) !== SCRYPT_PARAMS.p;
}

/** A hash to check against when the login is unknown, so timing does not tell which logins exist. */
let decoy: Promise<string> | null = null;
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword(randomBytes(16).toString('hex')));

/**
 * Answers a refused attempt (locked or disabled account) after as long as a password check
 * takes, without doing one: the answer cannot be told from a wrong password by its timing, and
 * an attacker hammering a locked account costs a timer, not 128 MiB of scrypt each time.
 */
export async function waitAsLongAsACheck(): Promise<void> {
  if (typicalMs === null) await decoyHash(); // the first derivation measures itself
  await new Promise((resolve) => setTimeout(resolve, typicalMs ?? 0));
}
