import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/log';
import {
  closeDatabase,
  countActiveAdmins,
  countClerks,
  findClerkById,
  findClerkByLogin,
  insertClerk,
  isUniqueViolation,
  listClerks,
  openDatabase,
  readSettings,
  toPublicClerk,
  updateClerk,
  writeSetting,
  type ClerkRow,
} from '../../db';

let dir: string;
let db: Knex;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'okno-db-'));
  const result = await openDatabase({ file: join(dir, 'okno.sqlite'), backupsDir: join(dir, 'backups'), log: silentLogger });
  if (!result.ok) throw new Error(result.error.message);
  db = result.db;
});

afterEach(async () => {
  await closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

const T0 = '2025-03-01T09:00:00.000Z';

function clerk(overrides: Partial<ClerkRow> & Pick<ClerkRow, 'id' | 'login'>): ClerkRow {
  return {
    fullName: 'Иванова Анна Петровна',
    role: 'clerk',
    passwordHash: 'scrypt$N=16384$salt$hash',
    disabled: false,
    failedAttempts: 0,
    lockedUntil: null,
    mustChangePassword: false,
    createdAt: T0,
    updatedAt: T0,
    lastLoginAt: null,
    ...overrides,
  };
}

const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('clerks repository', () => {
  it('round-trips every field', async () => {
    const row = clerk({
      id: ID(1),
      login: 'anna',
      role: 'supervisor',
      disabled: true,
      failedAttempts: 3,
      lockedUntil: '2025-03-01T09:15:00.000Z',
      lastLoginAt: T0,
    });
    expect(await insertClerk(db, row)).toEqual(row);
    expect(await findClerkById(db, ID(1))).toEqual(row);
    expect(await findClerkById(db, ID(2))).toBeNull();
  });

  it.each(['anna', 'ANNA', 'Anna'])('finds a login case-insensitively (%s)', async (typed) => {
    await insertClerk(db, clerk({ id: ID(1), login: 'anna' }));
    expect((await findClerkByLogin(db, typed))?.id).toBe(ID(1));
    expect(await findClerkByLogin(db, 'anna2')).toBeNull();
  });

  it('refuses the same login in another case as a unique violation', async () => {
    await insertClerk(db, clerk({ id: ID(1), login: 'anna' }));
    const error: unknown = await insertClerk(db, clerk({ id: ID(2), login: 'Anna' })).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(new Error('other'))).toBe(false);
    expect(await countClerks(db)).toBe(1);
  });

  it('lists clerks in alphabetical order of full name, Cyrillic included', async () => {
    const names = ['Яковлев Ян', 'Ёлкин Илья', 'Абрамова Ольга', 'Іванова Ірына', 'Борисов Борис'];
    for (const [i, fullName] of names.entries()) await insertClerk(db, clerk({ id: ID(i + 1), login: `user${i}`, fullName }));
    expect((await listClerks(db)).map((c) => c.fullName)).toEqual([
      'Абрамова Ольга',
      'Борисов Борис',
      'Ёлкин Илья',
      'Іванова Ірына',
      'Яковлев Ян',
    ]);
  });

  it('updates only the fields in the patch and returns the new row', async () => {
    const row = clerk({ id: ID(1), login: 'anna' });
    await insertClerk(db, row);
    const later = '2025-03-02T10:00:00.000Z';
    const updated = await updateClerk(db, ID(1), {
      role: 'admin',
      disabled: true,
      lockedUntil: later,
      failedAttempts: 5,
      updatedAt: later,
    });
    expect(updated).toEqual({ ...row, role: 'admin', disabled: true, lockedUntil: later, failedAttempts: 5, updatedAt: later });
    expect(await updateClerk(db, ID(1), { lockedUntil: null, failedAttempts: 0 })).toMatchObject({
      lockedUntil: null,
      failedAttempts: 0,
      role: 'admin',
    });
    expect(await updateClerk(db, ID(1), {})).toMatchObject({ id: ID(1) });
    expect(await updateClerk(db, ID(9), { fullName: 'Никто' })).toBeNull();
    expect(await updateClerk(db, ID(9), {})).toBeNull();
  });

  it('counts clerks and active administrators', async () => {
    const rows = [
      clerk({ id: ID(1), login: 'admin1', role: 'admin' }),
      clerk({ id: ID(2), login: 'admin2', role: 'admin', disabled: true }),
      clerk({ id: ID(3), login: 'admin3', role: 'admin' }),
      clerk({ id: ID(4), login: 'super', role: 'supervisor' }),
    ];
    for (const row of rows) await insertClerk(db, row);
    expect(await countClerks(db)).toBe(4);
    expect(await countActiveAdmins(db)).toBe(2);
    await db.transaction(async (trx) => {
      await updateClerk(trx, ID(1), { disabled: true });
      expect(await countActiveAdmins(trx)).toBe(1);
    });
  });

  it('gives the renderer a clerk without the password hash', () => {
    const publicClerk = toPublicClerk(clerk({ id: ID(1), login: 'anna' }));
    expect(publicClerk).not.toHaveProperty('passwordHash');
    expect(publicClerk).not.toHaveProperty('updatedAt');
    expect(Object.keys(publicClerk).sort()).toEqual([
      'createdAt',
      'disabled',
      'failedAttempts',
      'fullName',
      'id',
      'lastLoginAt',
      'lockedUntil',
      'login',
      'role',
    ]);
  });
});

describe('settings repository', () => {
  it('reads nothing from a new database', async () => {
    expect(await readSettings(db)).toEqual({});
  });

  it('upserts JSON values and records who changed them', async () => {
    await insertClerk(db, clerk({ id: ID(1), login: 'admin', role: 'admin' }));
    await writeSetting(db, 'officeName', 'Служба «одно окно» Центрального района', null, T0);
    await writeSetting(db, 'idleLockMinutes', 10, null, T0);
    await writeSetting(db, 'extra', { a: [1, 2], b: null }, null, T0);
    await writeSetting(db, 'idleLockMinutes', 15, ID(1), '2025-03-02T10:00:00.000Z');
    expect(await readSettings(db)).toEqual({
      officeName: 'Служба «одно окно» Центрального района',
      idleLockMinutes: 15,
      extra: { a: [1, 2], b: null },
    });
    const rows: unknown = await db.raw(`SELECT key, updated_at, updated_by FROM settings WHERE key = 'idleLockMinutes'`);
    expect(rows).toEqual([{ key: 'idleLockMinutes', updated_at: '2025-03-02T10:00:00.000Z', updated_by: ID(1) }]);
  });

  it.each([
    ['an unknown clerk as author', 'k', 1, ID(9), /FOREIGN KEY constraint failed/],
    ['a value JSON cannot hold', 'k', undefined, null, /not representable as JSON/],
  ])('refuses %s', async (_name, key, value, by, error) => {
    await expect(writeSetting(db, key, value, by, T0)).rejects.toThrow(error);
    expect(await readSettings(db)).toEqual({});
  });
});
