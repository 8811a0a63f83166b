/**
 * The reference registry's clerk roster (test/central/roster.ts, central-api.yaml 1.1) over real
 * HTTP on 127.0.0.1: create and change with optimistic concurrency on `version`, the 409 with the
 * current entry, changes after a cursor, one roster per office, validation, and the state file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RosterPage, StoredRosterEntry } from '../../main/central/roster-schemas';
import { startCentralServer, type CentralServer } from '../central/server';

const HASH = 'scrypt$131072$8$1$EuY7T0uvzB29kkiCGJsCyw==$kzHicNPt2nWwjfQ4NRPJbjNhQEuX79gXmlQkWRtn7tQ=';
const ENTRY = { login: 'ivanova', fullName: 'Иванова Анна', role: 'clerk', disabled: false, passwordHash: HASH, mustChangePassword: true };

const servers: CentralServer[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(stateFile?: string): Promise<CentralServer> {
  const s = await startCentralServer({ port: 0, decisionDelayMs: 10, seed: 3, ...(stateFile !== undefined && { stateFile }) });
  servers.push(s);
  return s;
}

const auth = { Authorization: 'Bearer dev-token', 'Content-Type': 'application/json' };
const put = (s: CentralServer, office: string, login: string, body: unknown) =>
  fetch(new URL(`v1/offices/${office}/clerks/${login}`, s.url), { method: 'PUT', headers: auth, body: JSON.stringify(body) });
const get = (s: CentralServer, office: string, after?: string) =>
  fetch(new URL(`v1/offices/${office}/clerks${after === undefined ? '' : `?after=${after}`}`, s.url), { headers: auth });

describe('the reference registry roster', () => {
  it('creates at version 1, changes on the current version, and answers a stale one 409 with the current entry', async () => {
    const s = await start();
    const created = await put(s, '07', 'ivanova', { entry: { ...ENTRY, updatedBy: '07/1/admin' }, baseVersion: 0 });
    expect(created.status).toBe(200);
    const v1 = StoredRosterEntry.parse(await created.json());
    expect(v1).toMatchObject({ ...ENTRY, version: 1, updatedBy: '07/1/admin' });

    const changed = await put(s, '07', 'ivanova', { entry: { ...ENTRY, disabled: true, updatedBy: '07/2/admin' }, baseVersion: 1 });
    expect(StoredRosterEntry.parse(await changed.json())).toMatchObject({ disabled: true, version: 2 });

    const stale = await put(s, '07', 'ivanova', { entry: { ...ENTRY, role: 'admin' }, baseVersion: 1 });
    expect(stale.status).toBe(409);
    expect(StoredRosterEntry.parse(await stale.json())).toMatchObject({
      disabled: true,
      role: 'clerk',
      version: 2,
      updatedBy: '07/2/admin',
    });

    // A change without a hash keeps the one the registry has.
    const noHash = { login: 'ivanova', fullName: 'Иванова А. С.', role: 'clerk', disabled: true };
    const renamed = StoredRosterEntry.parse(await (await put(s, '07', 'ivanova', { entry: noHash, baseVersion: 2 })).json());
    expect(renamed).toMatchObject({ fullName: 'Иванова А. С.', passwordHash: HASH, version: 3 });
  });

  it('lists changes after a cursor, oldest first, one office at a time', async () => {
    const s = await start();
    await put(s, '07', 'ivanova', { entry: ENTRY, baseVersion: 0 });
    await put(s, '08', 'ivanova', { entry: { ...ENTRY, fullName: 'Другая Иванова' }, baseVersion: 0 });
    await put(s, '07', 'petrov', { entry: { ...ENTRY, login: 'petrov', fullName: 'Петров Пётр' }, baseVersion: 0 });

    const all = RosterPage.parse(await (await get(s, '07')).json());
    expect(all.items.map((e) => StoredRosterEntry.parse(e).login)).toEqual(['ivanova', 'petrov']);
    const nothing = RosterPage.parse(await (await get(s, '07', all.cursor)).json());
    expect(nothing.items).toEqual([]);

    await put(s, '07', 'ivanova', { entry: { ...ENTRY, disabled: true }, baseVersion: 1 });
    const after = RosterPage.parse(await (await get(s, '07', nothing.cursor)).json());
    expect(after.items).toEqual([expect.objectContaining({ login: 'ivanova', disabled: true, version: 2 })]);

    const other = RosterPage.parse(await (await get(s, '08')).json());
    expect(other.items).toEqual([expect.objectContaining({ fullName: 'Другая Иванова', version: 1 })]);
  });

  it('refuses what does not match the contract (422) or the token (401), changing nothing', async () => {
    const s = await start();
    const cases: Array<[string, string, unknown]> = [
      ['a password instead of a hash', 'ivanova', { entry: { ...ENTRY, passwordHash: 'ivanova-password-1' }, baseVersion: 0 }],
      ['another login than the path', 'petrov', { entry: ENTRY, baseVersion: 0 }],
      ['no base version', 'ivanova', { entry: ENTRY }],
      ['an unknown role', 'ivanova', { entry: { ...ENTRY, role: 'boss' }, baseVersion: 0 }],
      ['a malformed login', 'Ivanova!', { entry: { ...ENTRY, login: 'Ivanova!' }, baseVersion: 0 }],
    ];
    for (const [name, login, body] of cases) {
      const r = await put(s, '07', login, body);
      expect(r.status, name).toBe(422);
      expect(r.headers.get('content-type'), name).toContain('application/problem+json');
    }
    const noToken = await fetch(new URL('v1/offices/07/clerks', s.url));
    expect(noToken.status).toBe(401);
    expect((await get(s, '07', 'not-a-cursor')).status).toBe(422);
    expect(RosterPage.parse(await (await get(s, '07')).json()).items).toEqual([]);
  });

  it('keeps the roster in its state file across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'okno-central-roster-'));
    dirs.push(dir);
    const stateFile = join(dir, 'central.json');
    const first = await start(stateFile);
    await put(first, '07', 'ivanova', { entry: ENTRY, baseVersion: 0 });
    const cursor = RosterPage.parse(await (await get(first, '07')).json()).cursor;
    await first.close();

    const second = await start(stateFile);
    expect(second.state.rosterEntry('07', 'ivanova')).toMatchObject({ version: 1, passwordHash: HASH });
    expect(RosterPage.parse(await (await get(second, '07', cursor)).json()).items).toEqual([]);
    const next = await put(second, '07', 'ivanova', { entry: { ...ENTRY, disabled: true }, baseVersion: 1 });
    expect(StoredRosterEntry.parse(await next.json()).version).toBe(2);
    expect(RosterPage.parse(await (await get(second, '07', cursor)).json()).items).toHaveLength(1);
  });
});
