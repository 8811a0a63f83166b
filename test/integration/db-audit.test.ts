import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import type { Knex } from 'knex';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/log';
import type { AuditAction } from '../../preload/contract/audit';
import type { AuditEntry } from '../../preload/contract/schemas';
import {
  appendAudit,
  auditHash,
  closeDatabase,
  GENESIS_HASH,
  insertClerk,
  listAudit,
  openDatabase,
  verifyAuditChain,
  type AuditFilter,
  type AuditInput,
} from '../../db';

let dir: string;
let template: string;
let counter = 0;
const opened: Knex[] = [];

const ACTOR_A = '00000000-0000-4000-8000-00000000000a';
const ACTOR_B = '00000000-0000-4000-8000-00000000000b';
const ACTIONS: AuditAction[] = ['auth.login', 'clerk.created', 'settings.updated', 'auth.logout'];

/** Row i of the standard log (1-based seq = i + 1): two actors, four actions, a minute apart. */
function sampleEntry(i: number): AuditInput {
  return {
    at: new Date(Date.parse('2025-03-01T09:00:00.000Z') + i * 60_000).toISOString(),
    actorId: i % 2 === 0 ? ACTOR_A : ACTOR_B,
    actorLogin: i % 2 === 0 ? 'anna' : 'boris',
    action: ACTIONS[i % ACTIONS.length] ?? 'auth.login',
    subject: i % 3 === 0 ? null : `clerk:${i}`,
    details: { i, nested: { z: 1, a: [i, 'x'] } },
  };
}

async function open(file: string): Promise<Knex> {
  const result = await openDatabase({ file, backupsDir: join(dir, 'backups'), log: silentLogger });
  if (!result.ok) throw new Error(result.error.message);
  opened.push(result.db);
  return result.db;
}

async function close(db: Knex): Promise<void> {
  opened.splice(opened.indexOf(db), 1);
  await closeDatabase(db);
}

/** A fresh database file; `withRows` copies the 50-row template instead of starting empty. */
function freshFile(withRows: boolean): string {
  const file = join(dir, `case-${++counter}.sqlite`);
  if (withRows) copyFileSync(template, file);
  return file;
}

/** Tampering as an attacker with the file would: a raw connection, triggers dropped first. */
function tamper(file: string, statements: readonly string[]): Promise<void> {
  const sql = ['DROP TRIGGER audit_log_no_update', 'DROP TRIGGER audit_log_no_delete', ...statements].join(';\n');
  return new Promise((resolve, reject) => {
    const raw = new sqlite3.Database(file, (openError) => {
      if (openError) return reject(openError);
      raw.exec(sql, (execError) => raw.close((closeError) => ((execError ?? closeError) ? reject(execError ?? closeError) : resolve())));
    });
  });
}

const q = (text: string) => `'${text.replace(/'/g, "''")}'`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'okno-db-'));
  template = join(dir, 'template.sqlite');
  const db = await open(template);
  for (let i = 0; i < 50; i++) await appendAudit(db, sampleEntry(i));
  // Closing checkpoints the WAL into the main file, so copying that one file is a full copy.
  await close(db);
});

afterEach(async () => {
  for (const db of opened.splice(0)) await db.destroy();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('appendAudit', () => {
  it('chains 50 rows that verify', async () => {
    const db = await open(freshFile(false));
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 0, headHash: null });
    const entries: AuditEntry[] = [];
    for (let i = 0; i < 50; i++) entries.push(await appendAudit(db, sampleEntry(i)));
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(entries[0]?.hash).toBe(auditHash(GENESIS_HASH, { ...sampleEntry(0), seq: 1 }));
    expect(entries[1]?.hash).toBe(auditHash(entries[0]?.hash ?? '', { ...sampleEntry(1), seq: 2 }));
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 50, headHash: entries[49]?.hash });
  });

  it('hashes a fixed, documented format (changing it would break every existing log)', async () => {
    const db = await open(freshFile(false));
    const entry = await appendAudit(db, {
      at: '2025-03-01T09:00:00.000Z',
      actorId: null,
      actorLogin: null,
      action: 'app.started',
      subject: null,
      details: { b: { d: [3, { f: 5, e: 4 }], c: 2 }, a: 1 },
    });
    const body =
      '{"action":"app.started","actorId":null,"actorLogin":null,"at":"2025-03-01T09:00:00.000Z","details":{"a":1,"b":{"c":2,"d":[3,{"e":4,"f":5}]}},"seq":1,"subject":null}';
    expect(entry.hash).toBe(createHash('sha256').update(`${GENESIS_HASH}\n${body}`).digest('hex'));
  });

  it('stores details as JSON would read them back, so the hash still verifies', async () => {
    const db = await open(freshFile(false));
    const entry = await appendAudit(db, {
      ...sampleEntry(0),
      details: { when: new Date('2025-03-01T00:00:00.000Z'), dropped: undefined, n: 1 },
    });
    expect(entry.details).toEqual({ when: '2025-03-01T00:00:00.000Z', n: 1 });
    expect((await listAudit(db, { limit: 1 })).entries).toEqual([entry]);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it.each([
    ['a local timestamp', { at: '2025-03-01 09:00' }, /ISO UTC timestamp/],
    ['an unknown action', { action: 'clerk.deleted' as AuditAction }, /unknown audit action/],
    ['array details', { details: [] as unknown as Record<string, unknown> }, /must be an object/],
  ])('refuses %s', async (_name, patch, error) => {
    const db = await open(freshFile(false));
    await expect(appendAudit(db, { ...sampleEntry(0), ...patch })).rejects.toThrow(error);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 0, headHash: null });
  });

  it('commits or rolls back together with the caller’s other writes', async () => {
    const db = await open(freshFile(false));
    const clerk = {
      id: ACTOR_A,
      login: 'anna',
      fullName: 'Иванова Анна',
      role: 'clerk' as const,
      passwordHash: 'h',
      disabled: false,
      failedAttempts: 0,
      lockedUntil: null,
      createdAt: '2025-03-01T09:00:00.000Z',
      updatedAt: '2025-03-01T09:00:00.000Z',
      lastLoginAt: null,
    };
    await expect(
      db.transaction(async (trx) => {
        await insertClerk(trx, clerk);
        await appendAudit(trx, { ...sampleEntry(0), action: 'clerk.created', subject: ACTOR_A });
        throw new Error('the use case failed after both writes');
      }),
    ).rejects.toThrow('the use case failed');
    expect(await db('clerks').count({ n: '*' })).toEqual([{ n: 0 }]);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, rows: 0, headHash: null });

    await db.transaction(async (trx) => {
      await insertClerk(trx, clerk);
      await appendAudit(trx, { ...sampleEntry(0), action: 'clerk.created', subject: ACTOR_A });
    });
    expect(await db('clerks').count({ n: '*' })).toEqual([{ n: 1 }]);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 1 });
  });

  it.each([
    ['UPDATE', (db: Knex) => db('audit_log').where('seq', 3).update({ action: 'auth.logout' })],
    ['DELETE', (db: Knex) => db('audit_log').where('seq', 3).del()],
    ['DELETE of the last row', (db: Knex) => db('audit_log').where('seq', 50).del()],
  ])('refuses %s through the triggers', async (_name, change) => {
    const db = await open(freshFile(true));
    await expect(change(db)).rejects.toThrow(/audit_log is append-only/);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });
});

/** Columns swapped between two rows: everything, or only the content (hashes left in place). */
function swap(a: number, b: number, columns: string): string {
  return `UPDATE audit_log SET (${columns}) = (SELECT ${columns} FROM audit_log AS other WHERE other.seq = ${a + b} - audit_log.seq) WHERE seq IN (${a}, ${b})`;
}
const CONTENT = 'at, actor_id, actor_login, action, subject, details';

describe('verifyAuditChain detects tampering', () => {
  it.each([
    ['changed details', [`UPDATE audit_log SET details = '{"i":16}' WHERE seq = 17`], 'hash_mismatch', 17, 16],
    ['a changed timestamp', [`UPDATE audit_log SET at = '2025-01-01T00:00:00.000Z' WHERE seq = 30`], 'hash_mismatch', 30, 29],
    ['a changed actor', [`UPDATE audit_log SET actor_login = 'admin' WHERE seq = 1`], 'hash_mismatch', 1, 0],
    ['a deleted middle row', ['DELETE FROM audit_log WHERE seq = 25'], 'sequence_gap', 26, 24],
    ['three deleted middle rows', ['DELETE FROM audit_log WHERE seq BETWEEN 25 AND 27'], 'sequence_gap', 28, 24],
    ['a deleted first row', ['DELETE FROM audit_log WHERE seq = 1'], 'sequence_gap', 2, 0],
    ['two rows swapped whole', [swap(10, 20, `${CONTENT}, prev_hash, hash`)], 'chain_break', 10, 9],
    ['two rows’ content swapped', [swap(10, 20, CONTENT)], 'hash_mismatch', 10, 9],
    ['adjacent rows swapped', [swap(33, 34, `${CONTENT}, prev_hash, hash`)], 'chain_break', 33, 32],
    ['a renumbered row', ['DELETE FROM audit_log WHERE seq = 12', 'UPDATE audit_log SET seq = 12 WHERE seq = 13'], 'chain_break', 12, 11],
    ['a deleted last row', ['DELETE FROM audit_log WHERE seq = 50'], 'head_mismatch', 50, 49],
    ['the last two rows deleted', ['DELETE FROM audit_log WHERE seq >= 49'], 'head_mismatch', 49, 48],
    ['a deleted head', ['DELETE FROM audit_head'], 'head_mismatch', 50, 50],
    ['a replaced last row', [swap(49, 50, CONTENT), 'DELETE FROM audit_log WHERE seq = 50'], 'hash_mismatch', 49, 48],
  ] as const)('%s', async (_name, statements, reason, brokenSeq, rows) => {
    const file = freshFile(true);
    await tamper(file, statements);
    const db = await open(file);
    const result = await verifyAuditChain(db);
    expect(result).toMatchObject({ ok: false, reason, brokenSeq, rows });
    if (!result.ok) expect(result.message).toContain(`№${brokenSeq}`);
  });

  it('names the row in plain Russian', async () => {
    const file = freshFile(true);
    await tamper(file, [`UPDATE audit_log SET details = '{}' WHERE seq = 17`]);
    const db = await open(file);
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      rows: 16,
      brokenSeq: 17,
      reason: 'hash_mismatch',
      message: 'Запись №17 изменена после записи: хеш не совпадает.',
    });
  });

  it('catches a row rewritten with a correct new hash at the next row', async () => {
    const file = freshFile(true);
    let db = await open(file);
    const page = await listAudit(db, { beforeSeq: 31, limit: 2 });
    const [row30, row29] = page.entries;
    if (!row30 || !row29) throw new Error('template rows missing');
    const forged = { ...row30, details: { i: 29, forged: true } };
    const hash = auditHash(row29.hash, forged);
    await close(db);
    await tamper(file, [`UPDATE audit_log SET details = ${q(JSON.stringify(forged.details))}, hash = ${q(hash)} WHERE seq = 30`]);
    db = await open(file);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, reason: 'chain_break', brokenSeq: 31 });
  });

  it('catches a well-formed row inserted behind the app’s back by the head', async () => {
    const file = freshFile(true);
    let db = await open(file);
    const [last] = (await listAudit(db, { limit: 1 })).entries;
    if (!last) throw new Error('template rows missing');
    const fields = { ...sampleEntry(50), seq: 51 };
    const hash = auditHash(last.hash, fields);
    await close(db);
    await tamper(file, [
      `INSERT INTO audit_log VALUES (51, ${q(fields.at)}, ${q(ACTOR_A)}, 'anna', ${q(fields.action)}, 'clerk:50', ${q(JSON.stringify(fields.details))}, ${q(last.hash)}, ${q(hash)})`,
    ]);
    db = await open(file);
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      reason: 'head_mismatch',
      brokenSeq: 51,
      rows: 51,
      message: 'В обход программы добавлена запись №51: журнал должен заканчиваться записью №50.',
    });
  });

  it.each([
    ['a deleted middle row', 'DELETE FROM audit_log WHERE seq = 25', 26],
    ['a deleted last row', 'DELETE FROM audit_log WHERE seq = 50', 51],
  ])('keeps %s visible after new appends (the head is the tip, not the last row)', async (_name, statement, brokenSeq) => {
    const file = freshFile(true);
    await tamper(file, [statement]);
    const db = await open(file);
    const appended = await appendAudit(db, sampleEntry(50));
    expect(appended.seq).toBe(51);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, reason: 'sequence_gap', brokenSeq });
  });
});

describe('listAudit', () => {
  // 12 rows over four UTC days, with times at both ends of each day.
  const times = ['T00:00:00.000Z', 'T12:00:00.000Z', 'T23:59:59.999Z'];
  const rows: AuditInput[] = Array.from({ length: 12 }, (_, i) => ({
    at: `2025-03-0${1 + Math.floor(i / 3)}${times[i % 3] ?? ''}`,
    actorId: i % 2 === 0 ? ACTOR_A : i % 5 === 0 ? null : ACTOR_B,
    actorLogin: null,
    action: ACTIONS[i % 3] ?? 'auth.login',
    subject: null,
    details: { i },
  }));
  let db: Knex;

  beforeAll(async () => {
    const result = await openDatabase({ file: freshFile(false), backupsDir: join(dir, 'backups'), log: silentLogger });
    if (!result.ok) throw new Error(result.error.message);
    db = result.db;
    for (const row of rows) await appendAudit(db, row);
  });

  afterAll(async () => {
    await closeDatabase(db);
  });

  /** The reference: the same filter over the inputs, newest first. */
  function expected(filter: Omit<AuditFilter, 'limit'>): number[] {
    return rows
      .map((row, i) => ({ ...row, seq: i + 1 }))
      .filter((r) => filter.actorId === undefined || r.actorId === filter.actorId)
      .filter((r) => filter.action === undefined || r.action === filter.action)
      .filter((r) => filter.from === undefined || r.at.slice(0, 10) >= filter.from)
      .filter((r) => filter.to === undefined || r.at.slice(0, 10) <= filter.to)
      .filter((r) => filter.beforeSeq === undefined || r.seq < filter.beforeSeq)
      .map((r) => r.seq)
      .reverse();
  }

  it.each<[string, Omit<AuditFilter, 'limit'>]>([
    ['no filter', {}],
    ['one actor', { actorId: ACTOR_A }],
    ['the other actor', { actorId: ACTOR_B }],
    ['one action', { action: 'clerk.created' }],
    ['an action never written', { action: 'auth.logout' }],
    ['an inclusive date range', { from: '2025-03-02', to: '2025-03-03' }],
    ['a single day', { from: '2025-03-04', to: '2025-03-04' }],
    ['from a day on', { from: '2025-03-03' }],
    ['up to a day', { to: '2025-03-01' }],
    ['a month boundary', { from: '2025-02-28', to: '2025-02-28' }],
    ['everything together', { actorId: ACTOR_A, action: 'auth.login', from: '2025-03-02' }],
    ['before a seq', { beforeSeq: 5 }],
  ])('filters by %s', async (_name, filter) => {
    const page = await listAudit(db, { ...filter, limit: 100 });
    expect(page.entries.map((e) => e.seq)).toEqual(expected(filter));
    expect(page.nextBeforeSeq).toBeNull();
  });

  it.each([
    [5, {}],
    [4, {}],
    [1, { actorId: ACTOR_B }],
    [2, { from: '2025-03-02', to: '2025-03-03' }],
  ] as const)('pages %i at a time with %o', async (limit, filter) => {
    const seen: number[] = [];
    let beforeSeq: number | undefined;
    for (let pages = 0; pages < 20; pages++) {
      const page = await listAudit(db, { ...filter, ...(beforeSeq === undefined ? {} : { beforeSeq }), limit });
      expect(page.entries.length).toBeLessThanOrEqual(limit);
      seen.push(...page.entries.map((e) => e.seq));
      if (page.nextBeforeSeq === null) break;
      expect(page.entries).toHaveLength(limit);
      beforeSeq = page.nextBeforeSeq;
    }
    expect(seen).toEqual(expected(filter));
  });

  it('maps every column', async () => {
    const [entry] = (await listAudit(db, { limit: 1, beforeSeq: 3 })).entries;
    expect(entry).toEqual({
      seq: 2,
      at: '2025-03-01T12:00:00.000Z',
      actorId: ACTOR_B,
      actorLogin: null,
      action: 'clerk.created',
      subject: null,
      details: { i: 1 },
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it.each([
    ['a zero limit', { limit: 0 }],
    ['a fractional limit', { limit: 1.5 }],
    ['a malformed date', { from: '2025-3-1', limit: 10 }],
    ['an impossible date', { to: '2025-13-01', limit: 10 }],
  ])('refuses %s', async (_name, filter) => {
    await expect(listAudit(db, filter)).rejects.toThrow(RangeError);
  });
});

describe('verifyAuditChain on a longer log', () => {
  it('walks past the page size (sanity, no timing)', async () => {
    const file = freshFile(false);
    let db = await open(file);
    await db.transaction(async (trx) => {
      for (let i = 0; i < 5001; i++) await appendAudit(trx, sampleEntry(i));
    });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 5001 });
    await close(db);
    await tamper(file, [`UPDATE audit_log SET subject = 'x' WHERE seq = 5001`]);
    db = await open(file);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, reason: 'hash_mismatch', brokenSeq: 5001, rows: 5000 });
  });
});
