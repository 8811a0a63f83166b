/**
 * Workstation tokens of the reference registry (central-api.yaml 1.1: a token is bound to one
 * office). `--token` may be given several times, each `TOKEN=OFFICE/WORKSTATION`; a plain `TOKEN`
 * is the legacy single token, bound to no office (the tests and tools from before 1.1 use it).
 */
import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Who a request's token speaks for; null: the legacy token, for any office. A null workstation: an
 * office-level token, for every desk of that office.
 */
export type Caller = { officeCode: string; workstationId: string | null } | null;

export interface TokenBinding {
  token: string;
  caller: Caller;
}

const TOKEN = /^[\x21-\x7e]+$/;
// The same limits as the submission's officeCode (≤ 32) and workstationId (≤ 64), no '/' or '='.
const BOUND = /^([\x21-\x3c\x3e-\x7e]+)=([^/\s]{1,32})\/([^/\s]{1,64})$/;

/** One `--token` value; an error message when it is neither form. */
export function parseTokenSpec(spec: string): { ok: true; binding: TokenBinding } | { ok: false; error: string } {
  const bound = BOUND.exec(spec);
  if (bound !== null) {
    const [, token = '', officeCode = '', workstationId = ''] = bound;
    return { ok: true, binding: { token, caller: { officeCode, workstationId } } };
  }
  if (spec.includes('=')) return { ok: false, error: `--token "${spec}": expected TOKEN or TOKEN=OFFICE/WORKSTATION` };
  if (!TOKEN.test(spec)) return { ok: false, error: '--token must be printable ASCII without spaces' };
  return { ok: true, binding: { token: spec, caller: null } };
}

/** Accepts specs or bindings; throws on a bad spec or a token given twice. */
export function toBindings(tokens: string | readonly (string | TokenBinding)[]): TokenBinding[] {
  const list = typeof tokens === 'string' ? [tokens] : tokens;
  const out = list.map((t) => {
    if (typeof t !== 'string') return t;
    const parsed = parseTokenSpec(t);
    if (!parsed.ok) throw new RangeError(parsed.error);
    return parsed.binding;
  });
  const seen = new Set<string>();
  for (const b of out) {
    if (seen.has(b.token)) throw new RangeError('the same token is given twice');
    seen.add(b.token);
  }
  if (out.length === 0) throw new RangeError('at least one token is needed');
  return out;
}

const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();

/** The binding of the token a request sent, or undefined when it matches none. */
export function tokenChecker(bindings: readonly TokenBinding[]): (sent: string) => TokenBinding | undefined {
  const digests = bindings.map((b) => ({ digest: sha256(b.token), binding: b }));
  return (sent) => {
    const d = sha256(sent);
    let found: TokenBinding | undefined;
    // Every digest is compared (equal length, constant time each): the answer's timing does not say which matched.
    for (const entry of digests) if (timingSafeEqual(d, entry.digest)) found = entry.binding;
    return found;
  };
}

/** Whether a caller may act for this office and workstation. */
export const speaksFor = (caller: Caller, officeCode: unknown, workstationId: unknown): boolean =>
  caller === null || (caller.officeCode === officeCode && (caller.workstationId === null || caller.workstationId === workstationId));
