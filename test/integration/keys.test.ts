import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/log';
import { KEY_FILE, SEALED_KEY_FILE, loadOrCreateKey, type KeySeal, type LoadKeyResult } from '../../main/keys';
import { closeDatabase, createFieldCipher, insertApplication, insertClerk, NOT_YET_STAMPED, openDatabase, readMeta } from '../../db';

let dir: string;
const opened: Knex[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'okno-keys-'));
});

afterEach(async () => {
  for (const db of opened.splice(0)) await closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<Knex> {
  const result = await openDatabase({ file: join(dir, 'okno.sqlite'), backupsDir: join(dir, 'backups'), log: silentLogger });
  if (!result.ok) throw new Error(result.error.message);
  opened.push(result.db);
  return result.db;
}

async function reopen(db: Knex): Promise<Knex> {
  opened.splice(opened.indexOf(db), 1);
  await closeDatabase(db);
  return open();
}

function ok(result: LoadKeyResult): Extract<LoadKeyResult, { ok: true }> {
  if (!result.ok) throw new Error(`expected a key, got ${result.code}: ${result.message}`);
  return result;
}

/** A stand-in for safeStorage: AES-256-GCM under a fixed test key. */
const SEAL_KEY = Buffer.alloc(32, 7);
const testSeal: KeySeal = {
  encrypt(buf) {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', SEAL_KEY, iv);
    const body = Buffer.concat([c.update(buf), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  },
  decrypt(buf) {
    const d = createDecipheriv('aes-256-gcm', SEAL_KEY, buf.subarray(0, 12));
    d.setAuthTag(buf.subarray(12, 28));
    return Buffer.concat([d.update(buf.subarray(28)), d.final()]);
  },
};

const T0 = '2026-03-02T09:00:00.000Z';
const APP_ID = '11111111-1111-4111-8111-111111111111';

/** A database that already holds one encrypted application, as after real use. */
async function withEncryptedRow(db: Knex, key: Buffer): Promise<void> {
  const cipher = createFieldCipher(key);
  await insertClerk(db, {
    id: 'c1',
    login: 'anna',
    fullName: 'Иванова Анна',
    role: 'clerk',
    passwordHash: 'x',
    disabled: false,
    failedAttempts: 0,
    lockedUntil: null,
    createdAt: T0,
    updatedAt: T0,
    lastLoginAt: null,
  });
  await insertApplication(db, {
    id: APP_ID,
    officeCode: 'MN01',
    journalYear: 2026,
    journalSeq: 1,
    journalNo: '2026/000001',
    procedure: 'issue',
    state: 'draft',
    clerkId: 'c1',
    workstationId: 'ws1',
    createdAt: T0,
    ...NOT_YET_STAMPED,
    updatedAt: T0,
    idHash: cipher.hash('id', '3270287A001PB5'),
    phoneHash: null,
    idMasked: '3270287*******',
    personal: cipher.encrypt('{"surname":"Грушевская"}', APP_ID),
    purgedAt: null,
    phoneConfirmation: 'none',
    refusalReasons: null,
    rejectionProblems: null,
    temporaryPasswordSent: null,
  });
}

describe('loadOrCreateKey: plain key file (harness, tests)', () => {
  it('creates a key for a new database: 0600 file, base64 of 32 bytes, key check stored', async () => {
    const db = await open();
    const result = ok(await loadOrCreateKey({ dataDir: dir, db }));
    expect(result.created).toBe(true);
    expect(result.key).toHaveLength(32);
    const file = join(dir, KEY_FILE);
    expect(readFileSync(file, 'utf8').trim()).toBe(result.key.toString('base64'));
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await readMeta(db, 'key_check')).toBe(createFieldCipher(result.key).keyCheck());
    // Atomic write: nothing but the key file and the database is left behind.
    expect(readdirSync(dir).filter((name) => name.includes('.tmp'))).toEqual([]);
    expect(existsSync(join(dir, SEALED_KEY_FILE))).toBe(false);
  });

  it('returns the same key on every later start', async () => {
    let db = await open();
    const first = ok(await loadOrCreateKey({ dataDir: dir, db }));
    db = await reopen(db);
    const second = ok(await loadOrCreateKey({ dataDir: dir, db }));
    expect(second).toEqual({ ok: true, key: first.key, created: false });
  });

  it('refuses with key_missing when the database has a key check but the file is gone, and writes nothing', async () => {
    let db = await open();
    await loadOrCreateKey({ dataDir: dir, db });
    const check = await readMeta(db, 'key_check');
    rmSync(join(dir, KEY_FILE));
    db = await reopen(db);
    const before = readdirSync(dir).sort();

    const result = await loadOrCreateKey({ dataDir: dir, db });
    expect(result).toMatchObject({ ok: false, code: 'key_missing' });
    if (!result.ok) {
      expect(result.message).toContain(join(dir, KEY_FILE));
      expect(result.message).toMatch(/резервной копии/);
    }
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(before);
    expect(await readMeta(db, 'key_check')).toBe(check);
  });

  it('refuses with key_missing when the key check row was deleted but encrypted data remain', async () => {
    const db = await open();
    const { key } = ok(await loadOrCreateKey({ dataDir: dir, db }));
    await withEncryptedRow(db, key);
    await db('meta').where('key', 'key_check').del();
    rmSync(join(dir, KEY_FILE));
    expect(await loadOrCreateKey({ dataDir: dir, db })).toMatchObject({ ok: false, code: 'key_missing' });
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
  });

  it('refuses with key_mismatch when the file holds another key, and leaves the file alone', async () => {
    const db = await open();
    await loadOrCreateKey({ dataDir: dir, db });
    const other = `${randomBytes(32).toString('base64')}\n`;
    writeFileSync(join(dir, KEY_FILE), other, { mode: 0o600 });
    const result = await loadOrCreateKey({ dataDir: dir, db });
    expect(result).toMatchObject({ ok: false, code: 'key_mismatch' });
    if (!result.ok) expect(result.message).toContain(join(dir, KEY_FILE));
    expect(readFileSync(join(dir, KEY_FILE), 'utf8')).toBe(other);
  });

  it('refuses a key that cannot open existing data even without a key check row', async () => {
    const db = await open();
    const { key } = ok(await loadOrCreateKey({ dataDir: dir, db }));
    await withEncryptedRow(db, key);
    await db('meta').where('key', 'key_check').del();
    writeFileSync(join(dir, KEY_FILE), randomBytes(32).toString('base64'));
    expect(await loadOrCreateKey({ dataDir: dir, db })).toMatchObject({ ok: false, code: 'key_mismatch' });
    expect(await readMeta(db, 'key_check')).toBeNull();
    // The right key proves itself against the data and restores the check.
    writeFileSync(join(dir, KEY_FILE), key.toString('base64'));
    expect(ok(await loadOrCreateKey({ dataDir: dir, db })).created).toBe(false);
    expect(await readMeta(db, 'key_check')).toBe(createFieldCipher(key).keyCheck());
  });

  it('adopts an existing key file for a fresh database (e.g. after a crash between file and check)', async () => {
    const key = randomBytes(32);
    writeFileSync(join(dir, KEY_FILE), key.toString('base64'), { mode: 0o600 });
    const db = await open();
    expect(await loadOrCreateKey({ dataDir: dir, db })).toEqual({ ok: true, key, created: false });
    expect(await readMeta(db, 'key_check')).toBe(createFieldCipher(key).keyCheck());
  });

  it.each([
    ['garbage text', 'not a key'],
    ['a short key', randomBytes(16).toString('base64')],
    ['a long key', randomBytes(33).toString('base64')],
    ['an empty file', ''],
  ])('refuses %s with key_unreadable', async (_name, content) => {
    const db = await open();
    await loadOrCreateKey({ dataDir: dir, db });
    writeFileSync(join(dir, KEY_FILE), content);
    const result = await loadOrCreateKey({ dataDir: dir, db });
    expect(result).toMatchObject({ ok: false, code: 'key_unreadable' });
    expect(readFileSync(join(dir, KEY_FILE), 'utf8')).toBe(content);
  });

  it('refuses a key path that is not a file with key_unreadable (and does not create one)', async () => {
    const db = await open();
    mkdirSync(join(dir, KEY_FILE));
    expect(await loadOrCreateKey({ dataDir: dir, db })).toMatchObject({ ok: false, code: 'key_unreadable' });
    expect(await readMeta(db, 'key_check')).toBeNull();
  });

  it.skipIf(process.platform === 'win32')('makes a key file restored with loose permissions owner-only again', async () => {
    const db = await open();
    await loadOrCreateKey({ dataDir: dir, db });
    chmodSync(join(dir, KEY_FILE), 0o644);
    ok(await loadOrCreateKey({ dataDir: dir, db }));
    expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
  });
});

describe('loadOrCreateKey: sealed key file (Electron safeStorage)', () => {
  it('creates, seals and reopens the key; no plain key file appears', async () => {
    let db = await open();
    const first = ok(await loadOrCreateKey({ dataDir: dir, db, seal: testSeal }));
    expect(first.created).toBe(true);
    const sealed = readFileSync(join(dir, SEALED_KEY_FILE));
    expect(sealed.includes(first.key)).toBe(false);
    expect(sealed.toString('utf8')).not.toContain(first.key.toString('base64'));
    expect(testSeal.decrypt(sealed)).toEqual(first.key);
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(join(dir, SEALED_KEY_FILE)).mode & 0o777).toBe(0o600);

    db = await reopen(db);
    expect(await loadOrCreateKey({ dataDir: dir, db, seal: testSeal })).toEqual({ ok: true, key: first.key, created: false });
  });

  it('reports key_missing naming the sealed file', async () => {
    const db = await open();
    await loadOrCreateKey({ dataDir: dir, db, seal: testSeal });
    rmSync(join(dir, SEALED_KEY_FILE));
    const result = await loadOrCreateKey({ dataDir: dir, db, seal: testSeal });
    expect(result).toMatchObject({ ok: false, code: 'key_missing' });
    if (!result.ok) expect(result.message).toContain(join(dir, SEALED_KEY_FILE));
    expect(existsSync(join(dir, SEALED_KEY_FILE))).toBe(false);
  });

  it('reports key_unreadable when the seal cannot open the file (another Windows account)', async () => {
    const db = await open();
    await loadOrCreateKey({ dataDir: dir, db, seal: testSeal });
    const refusing: KeySeal = {
      encrypt: testSeal.encrypt,
      decrypt: () => {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      },
    };
    const result = await loadOrCreateKey({ dataDir: dir, db, seal: refusing });
    expect(result).toMatchObject({ ok: false, code: 'key_unreadable' });
    if (!result.ok) expect(result.message).toMatch(/учётной записью Windows/);
  });

  it('reports key_mismatch for a sealed key of another database', async () => {
    const db = await open();
    await loadOrCreateKey({ dataDir: dir, db, seal: testSeal });
    writeFileSync(join(dir, SEALED_KEY_FILE), testSeal.encrypt(randomBytes(32)));
    expect(await loadOrCreateKey({ dataDir: dir, db, seal: testSeal })).toMatchObject({ ok: false, code: 'key_mismatch' });
  });
});

describe('loadOrCreateKey: sealing turned off or on (Linux basic_text, a keyring installed later)', () => {
  it('a key sealed earlier with a seal no longer trusted moves into the plain 0600 key file, same key', async () => {
    let db = await open();
    const first = ok(await loadOrCreateKey({ dataDir: dir, db, seal: testSeal }));
    db = await reopen(db);
    const again = ok(await loadOrCreateKey({ dataDir: dir, db, previousSeal: testSeal }));
    expect(again).toEqual({ ok: true, key: first.key, created: false });
    expect(existsSync(join(dir, SEALED_KEY_FILE))).toBe(false);
    expect(readFileSync(join(dir, KEY_FILE), 'utf8').trim()).toBe(first.key.toString('base64'));
    if (process.platform !== 'win32') expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    db = await reopen(db);
    expect(ok(await loadOrCreateKey({ dataDir: dir, db })).key).toEqual(first.key);
  });

  it('a plain key file is sealed once a seal is there, same key, and the plain file is removed', async () => {
    let db = await open();
    const first = ok(await loadOrCreateKey({ dataDir: dir, db }));
    db = await reopen(db);
    expect(ok(await loadOrCreateKey({ dataDir: dir, db, seal: testSeal })).key).toEqual(first.key);
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
    expect(testSeal.decrypt(readFileSync(join(dir, SEALED_KEY_FILE)))).toEqual(first.key);
  });

  it('without a previous seal the sealed key is not touched and the start is refused as missing', async () => {
    let db = await open();
    ok(await loadOrCreateKey({ dataDir: dir, db, seal: testSeal }));
    db = await reopen(db);
    const result = await loadOrCreateKey({ dataDir: dir, db });
    expect(result.ok).toBe(false);
    expect(existsSync(join(dir, SEALED_KEY_FILE))).toBe(true);
  });
});
