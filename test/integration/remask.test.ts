/**
 * Migration 0007: masks made before issue 15 kept the birth date. A schema-5 file with old masks in
 * `applications.id_masked` and in audit rows (and an ID number typed into free text) is opened by
 * this version: afterwards no old mask is left in the database file or its WAL (searched as bytes,
 * as privacy.test.ts does), the chain verifies, and the rewrite is a row of the chain itself.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditHash, canonicalJson, closeDatabase, GENESIS_HASH, listAudit, migrations, openDatabase, verifyAuditChain } from '../../db';
import { silentLogger } from '../../main/log';
import { removeDir, tempDir } from '../harness';
import { insertOldClerk } from '../support/old-schema';

const T = '2026-11-01T09:00:00.000Z';
const CLERK = '00000000-0000-4000-8000-00000000000c';
const OLD_MASKS = ['4150285*******', '3270287*******'];
const TYPED_ID = '3041088A042PB2';

function databaseBytes(dir: string): Buffer {
  const files = ['okno.sqlite', 'okno.sqlite-wal', 'okno.sqlite-shm'].map((f) => join(dir, f)).filter((f) => existsSync(f));
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

describe('migration 0007', () => {
  it('re-masks applications and audit rows, re-chains the log and records the rewrite in it', async () => {
    const dir = tempDir();
    const file = join(dir, 'okno.sqlite');
    try {
      const old = await openDatabase({ file, backupsDir: join(dir, 'backups'), log: silentLogger, migrations: migrations.slice(0, 5) });
      if (!old.ok) throw new Error(old.error.message);
      await insertOldClerk(old.db, CLERK, T);
      const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'];
      for (const [i, id] of ids.entries()) {
        await old.db('applications').insert({
          id,
          office_code: '01',
          journal_year: 2026,
          journal_seq: i + 1,
          journal_no: `2026/00000${i + 1}`,
          procedure: 'issue',
          state: 'cancelled',
          clerk_id: CLERK,
          workstation_id: '1',
          created_at: T,
          updated_at: T,
          id_hash: 'a'.repeat(64),
          id_masked: OLD_MASKS[i],
          personal: Buffer.from('x'),
          phone_confirmation: 'none',
        });
      }
      // Rows as the old code wrote them: appendAudit now scrubs, so they are inserted the old way.
      let seq = 0;
      let prev = GENESIS_HASH;
      const entry = async (
        action: 'app.started' | 'application.created' | 'auth.login_failed',
        details: Record<string, unknown>,
        subject: string | null = null,
      ) => {
        seq += 1;
        const fields = { seq, at: T, actorId: null, actorLogin: null, action, subject, details };
        const hash = auditHash(prev, fields);
        await old.db('audit_log').insert({
          seq,
          at: T,
          actor_id: null,
          actor_login: null,
          action,
          subject,
          details: canonicalJson(details),
          prev_hash: prev,
          hash,
        });
        await old.db('audit_head').where('id', 1).update({ seq, hash });
        prev = hash;
        return fields;
      };
      await entry('app.started', { version: '1.0.0' });
      await entry('application.created', { procedure: 'issue', journalNo: '2026/000001', idMasked: OLD_MASKS[0] }, ids[0]);
      await entry('auth.login_failed', { login: TYPED_ID, reason: 'unknown_login' });
      await entry('application.created', { procedure: 'issue', journalNo: '2026/000002', idMasked: OLD_MASKS[1] }, ids[1]);
      const untouched = await entry('app.started', { version: '1.0.1' });
      const oldHead = (await old.db('audit_head').first()) as { hash: string };
      await closeDatabase(old.db);
      for (const needle of [...OLD_MASKS, TYPED_ID]) expect(databaseBytes(dir).includes(Buffer.from(needle))).toBe(true);

      const upgraded = await openDatabase({ file, backupsDir: join(dir, 'backups'), log: silentLogger });
      if (!upgraded.ok) throw new Error(upgraded.error.message);
      try {
        expect(upgraded.migrated).toContain('0007_remask');
        const masks = await upgraded.db('applications').select('id_masked').orderBy('id');
        expect(masks.map((r: { id_masked: string }) => r.id_masked)).toEqual(['4*************', '3*************']);
        expect(await verifyAuditChain(upgraded.db)).toMatchObject({ ok: true, rows: 6 });
        const { entries } = await listAudit(upgraded.db, { limit: 10 });
        const [last] = entries;
        expect(last?.action).toBe('audit.remasked');
        expect(last?.details).toMatchObject({
          applications: 2,
          rows: 3,
          rechainedFrom: 2,
          rechainedRows: 4,
          oldHeadHash: oldHead.hash,
          chainBefore: { ok: true, rows: 5 },
        });
        expect(last?.details['newHeadHash']).toBe(entries[1]?.hash);
        // Row 1 was not touched; the one after the last change was re-chained, its content kept.
        expect(entries.find((e) => e.seq === 5)?.details).toEqual(untouched.details);
        expect(entries.find((e) => e.seq === 3)?.details).toMatchObject({ login: '3**********PB2' });
      } finally {
        await closeDatabase(upgraded.db);
      }
      const bytes = databaseBytes(dir);
      for (const needle of [...OLD_MASKS, TYPED_ID, '4150285', '3270287', '3041088'])
        expect(bytes.includes(Buffer.from(needle))).toBe(false);
    } finally {
      removeDir(dir);
    }
  });

  it('leaves a database without old masks as it is: no rewrite, no row', async () => {
    const dir = tempDir();
    try {
      const opened = await openDatabase({ file: join(dir, 'okno.sqlite'), backupsDir: join(dir, 'backups'), log: silentLogger });
      if (!opened.ok) throw new Error(opened.error.message);
      expect(await verifyAuditChain(opened.db)).toEqual({ ok: true, rows: 0, headHash: null });
      await closeDatabase(opened.db);
    } finally {
      removeDir(dir);
    }
  });
});
