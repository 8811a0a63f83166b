/**
 * The keyed audit chain (issue 15): at start-up the app converts a plain SHA-256 chain once to
 * HMAC-SHA-256 under a key derived from the data key, and records the conversion as a row.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { appendAudit, auditHash, closeDatabase, isAuditChainKeyed, listAudit, openDatabase, verifyAuditChain } from '../../db';
import { keyAuditChain } from '../../main/audit-chain';
import { silentLogger } from '../../main/log';
import { removeDir, tempDir } from '../harness';

const T = '2026-11-01T09:00:00.000Z';
const MASTER = Buffer.alloc(32, 5);
let dir: string;
let db: Knex;

beforeEach(async () => {
  dir = tempDir();
  const opened = await openDatabase({ file: join(dir, 'okno.sqlite'), backupsDir: join(dir, 'backups'), log: silentLogger });
  if (!opened.ok) throw new Error(opened.error.message);
  db = opened.db;
});
afterEach(async () => {
  await closeDatabase(db);
  removeDir(dir);
});

const append = (version: string) =>
  appendAudit(db, { at: T, actorId: null, actorLogin: null, action: 'app.started', subject: null, details: { version } });

describe('keyAuditChain', () => {
  it('re-hashes a plain chain with the key once, records it, and appends keyed rows after', async () => {
    for (const v of ['1', '2', '3']) await append(v);
    const plainHead = (await verifyAuditChain(db)) as { headHash: string };

    expect(await keyAuditChain(db, MASTER, () => new Date(T))).toEqual({ converted: true, rows: 3 });
    expect(await isAuditChainKeyed(db)).toBe(true);
    await append('4');
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 5 });
    // The plain hash no longer verifies: someone without the key cannot recompute the chain.
    expect(await verifyAuditChain(db, { hash: auditHash })).toMatchObject({ ok: false, brokenSeq: 1, reason: 'hash_mismatch' });
    const { entries } = await listAudit(db, { limit: 10 });
    const record = entries.find((e) => e.action === 'audit.rechained');
    expect(record?.seq).toBe(4);
    expect(record?.details).toMatchObject({
      scheme: 'hmac-sha256',
      rows: 3,
      oldHeadHash: plainHead.headHash,
      newHeadHash: entries.find((e) => e.seq === 3)?.hash,
      chainBefore: { ok: true, rows: 3 },
    });

    // The next start finds it keyed: nothing is rewritten again.
    expect(await keyAuditChain(db, MASTER, () => new Date(T))).toEqual({ converted: false, rows: 0 });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 5 });
  });

  it('a keyed chain refuses an append without its key (another connection to the same file)', async () => {
    await append('1');
    await keyAuditChain(db, MASTER, () => new Date(T));
    const other = await openDatabase({ file: join(dir, 'okno.sqlite'), backupsDir: join(dir, 'backups'), log: silentLogger });
    if (!other.ok) throw new Error(other.error.message);
    try {
      await expect(
        appendAudit(other.db, { at: T, actorId: null, actorLogin: null, action: 'app.started', subject: null, details: {} }),
      ).rejects.toThrow(/keyed/);
      expect(await verifyAuditChain(other.db, { linksOnly: true })).toMatchObject({ ok: true, rows: 2 });
    } finally {
      await closeDatabase(other.db);
    }
  });

  it('a new, empty log is marked keyed without a record', async () => {
    expect(await keyAuditChain(db, MASTER, () => new Date(T))).toEqual({ converted: false, rows: 0 });
    expect(await isAuditChainKeyed(db)).toBe(true);
    await append('1');
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, rows: 1 });
  });
});
