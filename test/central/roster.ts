/**
 * The reference registry's clerk roster (central-api.yaml 1.1, /v1/offices/{officeCode}/clerks):
 * one roster per office, every change numbered by one sequence (the cursor), optimistic concurrency
 * on `version`. The store is kept in the state file by state.ts; server.ts routes GET and PUT here.
 *
 * Scoped by the path's office code: each office sees and changes only its own entries. (A token
 * bound to one office, which answers 403 for the others, is the router's job.)
 */
import { type RosterEntry, RosterPut, type StoredRosterEntry, ROSTER_LOGIN_PATTERN } from '../../main/central/roster-schemas';
import { toFieldProblems } from '../../main/central/schemas';
import { invalid, json, problem, type Handler, type Reply } from './http';
import type { Caller } from './tokens';

/** A token bound to an office (1.1) reads and writes that office's roster only. */
const otherOffice = (caller: Caller, office: string): Reply | null =>
  caller !== null && caller.officeCode !== office
    ? problem(403, 'forbidden', 'Forbidden', { detail: `This token is bound to office ${caller.officeCode}, not ${office}.` })
    : null;

const OFFICE_CODE = /^[0-9A-Za-z-]{2,16}$/;

/** One stored change: the entry as it is now and the sequence number of its last change. */
export type RosterRecord = { officeCode: string; seq: number; entry: StoredRosterEntry };

export type PutOutcome =
  | { status: 200; entry: StoredRosterEntry }
  /** The entry changed since baseVersion: the current one, for the workstation to take. */
  | { status: 409; current: StoredRosterEntry };

export interface RosterStore {
  /** Entries of one office changed after `after` (a sequence number), oldest change first. */
  changes(officeCode: string, after: number): { items: StoredRosterEntry[]; cursor: number };
  put(officeCode: string, entry: RosterEntry, baseVersion: number, at: string): PutOutcome;
  entry(officeCode: string, login: string): StoredRosterEntry | undefined;
  /** Every record, for the state file. */
  all(): readonly RosterRecord[];
  readonly seq: number;
}

export function createRosterStore(saved: { seq: number; records: readonly RosterRecord[] } | undefined, onChange: () => void): RosterStore {
  const byKey = new Map<string, RosterRecord>();
  for (const r of saved?.records ?? []) byKey.set(`${r.officeCode}\n${r.entry.login}`, r);
  let seq = saved?.seq ?? 0;
  return {
    changes(officeCode, after) {
      const items = [...byKey.values()].filter((r) => r.officeCode === officeCode && r.seq > after).sort((a, b) => a.seq - b.seq);
      // With nothing new the cursor is the sequence now: every later change is numbered above it.
      return { items: items.map((r) => r.entry), cursor: items.at(-1)?.seq ?? Math.max(after, seq) };
    },
    put(officeCode, entry, baseVersion, at) {
      const key = `${officeCode}\n${entry.login}`;
      const current = byKey.get(key);
      // With no entry there is nothing to conflict with (a registry restored from an older copy
      // must not lock a desk out of its own accounts): the change creates it whatever its base.
      if (current !== undefined && current.entry.version !== baseVersion) return { status: 409, current: current.entry };
      const { version: _v, updatedAt: _u, ...fields } = entry;
      const passwordHash = fields.passwordHash ?? current?.entry.passwordHash;
      const stored: StoredRosterEntry = {
        ...fields,
        ...(passwordHash !== undefined && { passwordHash }),
        version: (current?.entry.version ?? 0) + 1,
        updatedAt: at,
      };
      seq += 1;
      byKey.set(key, { officeCode, seq, entry: stored });
      onChange();
      return { status: 200, entry: stored };
    },
    entry: (officeCode, login) => byKey.get(`${officeCode}\n${login}`)?.entry,
    all: () => [...byKey.values()].sort((a, b) => a.seq - b.seq),
    get seq() {
      return seq;
    },
  };
}

function decoded(raw: string | undefined): string {
  try {
    return decodeURIComponent(raw ?? '');
  } catch {
    return '';
  }
}

function officeParam(raw: string | undefined): string | null {
  const code = decoded(raw);
  return OFFICE_CODE.test(code) ? code : null;
}

/** GET /v1/offices/{officeCode}/clerks and PUT /v1/offices/{officeCode}/clerks/{login}. */
export function rosterHandlers(roster: RosterStore, now: () => Date): { list: Handler; put: Handler } {
  return {
    list: ({ params, url, caller }) => {
      const office = officeParam(params[0]);
      if (office === null) return invalid('The office code is malformed.', [{ path: '/officeCode', code: 'invalid_string' }]);
      const refused = otherOffice(caller, office);
      if (refused !== null) return refused;
      const raw = url.searchParams.get('after');
      if (raw !== null && !/^[0-9]{1,15}$/.test(raw))
        return invalid('The cursor is not one this registry gave.', [{ path: '/after', code: 'invalid_cursor' }]);
      const page = roster.changes(office, raw === null ? 0 : Number(raw));
      return json(200, { items: page.items, cursor: String(page.cursor) });
    },
    put: ({ params, body, caller }) => {
      const office = officeParam(params[0]);
      if (office === null) return invalid('The office code is malformed.', [{ path: '/officeCode', code: 'invalid_string' }]);
      const refused = otherOffice(caller, office);
      if (refused !== null) return refused;
      const login = decoded(params[1]);
      if (!ROSTER_LOGIN_PATTERN.test(login)) return invalid('The login is malformed.', [{ path: '/login', code: 'invalid_string' }]);
      const parsed = RosterPut.safeParse(body);
      if (!parsed.success) return invalid('The roster change does not match the contract.', toFieldProblems(parsed.error.issues));
      if (parsed.data.entry.login !== login)
        return invalid('The entry is for another login than the path.', [{ path: '/entry/login', code: 'mismatch' }]);
      const outcome = roster.put(office, parsed.data.entry, parsed.data.baseVersion, now().toISOString());
      return outcome.status === 200 ? json(200, outcome.entry) : json(409, outcome.current);
    },
  };
}
