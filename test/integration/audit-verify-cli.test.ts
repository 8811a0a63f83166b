/**
 * The inspector's command-line verifier (main/cli/audit-verify.ts) on a data directory the real
 * app wrote, then on copies tampered with as an attacker with the file would: a raw sqlite3
 * connection that drops the append-only triggers first. Run through tsx so the test does not
 * depend on out/ being built.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditHash, closeDatabase, openDatabase, rechainAudit } from '../../db';
import { silentLogger } from '../../main/log';
import { projectRoot, removeDir, tempDir } from '../harness';
import { seedRoles, startInProcess } from '../support/in-process';

const TSX = join(projectRoot, 'node_modules', '.bin', 'tsx');
const CLI = join(projectRoot, 'main', 'cli', 'audit-verify.ts');
const DB = 'okno.sqlite';
const KEY = 'okno.key';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [CLI, ...args], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface JsonReport {
  file: string;
  ok: boolean;
  rows: number;
  headHash?: string | null;
  brokenSeq?: number;
  reason?: string;
  message?: string;
  head?: { seq: number; hash: string } | null;
  chain?: 'plain' | 'keyed' | 'links_only';
  anchors?: unknown;
  error?: string;
}

async function runJson(dir: string, extra: readonly string[] = []): Promise<{ code: number | null; report: JsonReport }> {
  const run = await runCli(['--data-dir', dir, '--json', ...extra]);
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport };
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Raw SQL on the file, the way an attacker would edit it. */
function exec(file: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const raw = new sqlite3.Database(file, (openError) => {
      if (openError) return reject(openError);
      raw.exec(sql, (execError) => raw.close((closeError) => ((execError ?? closeError) ? reject(execError ?? closeError) : resolve())));
    });
  });
}

const tamper = (file: string, statements: readonly string[]) =>
  exec(file, ['DROP TRIGGER audit_log_no_update', 'DROP TRIGGER audit_log_no_delete', ...statements].join(';\n'));

let root: string;
let template: string;
let rows: number;
let counter = 0;

/** A data directory holding a copy of the app's closed database and (as the harness keeps it) its key file. */
function copyDir(withKey = true): string {
  const dir = join(root, `case-${++counter}`);
  mkdirSync(dir);
  copyFileSync(template, join(dir, DB));
  if (withKey) copyFileSync(join(template, '..', KEY), join(dir, KEY));
  return dir;
}

beforeAll(async () => {
  root = tempDir('okno-audit-cli-');
  const dataDir = join(root, 'app');
  mkdirSync(dataDir);
  const env = await startInProcess({ dataDir });
  const clients = await seedRoles(env);
  for (let i = 0; i < 3; i++) {
    const listed = await clients.supervisor.call('audit.list', { limit: 5 });
    if (!listed.ok) throw new Error(JSON.stringify(listed));
  }
  const verified = await clients.supervisor.call('audit.verify');
  if (!verified.ok) throw new Error(JSON.stringify(verified));
  await env.close();
  template = join(dataDir, DB);
  // Closed cleanly: everything is in the one file, so copying it copies the database.
  expect(existsSync(`${template}-wal`)).toBe(false);
}, 60_000);

afterAll(() => removeDir(root));

describe('audit:verify on an intact log', () => {
  it('says the log is intact, with the row count and the head hash, and exits 0', async () => {
    const dir = copyDir();
    const run = await runCli(['--data-dir', dir]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Файл: ${join(dir, DB)}`);
    expect(run.stdout).toMatch(/Проверено записей: \d+/);
    expect(run.stdout).toMatch(/Хеш конца журнала: [0-9a-f]{64}/);
    expect(run.stdout).toContain('Журнал аудита цел');
    expect(run.stdout).toContain('Цепочка с ключом (HMAC-SHA-256): хеши записей проверены ключом данных.');

    const json = await runJson(dir);
    expect(json.report.chain).toBe('keyed');
    expect(json.code).toBe(0);
    expect(json.report.ok).toBe(true);
    rows = json.report.rows;
    // Admin created, two clerks created, logins, three lists and a verification at least.
    expect(rows).toBeGreaterThanOrEqual(8);
    expect(run.stdout).toContain(`Проверено записей: ${rows}\n`);
    expect(json.report.head).toEqual({ seq: rows, hash: json.report.headHash });
  });

  it('writes nothing: the file keeps its bytes and no -wal or -shm appears', async () => {
    const dir = copyDir();
    const file = join(dir, DB);
    const before = sha256(file);
    expect((await runCli(['--data-dir', dir])).code).toBe(0);
    expect(sha256(file)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual([KEY, DB]);
  });

  it('reads the rows still in the -wal while the app is running', async () => {
    const dir = copyDir();
    // The app itself needs its key file; the verifier does not.
    copyFileSync(join(template, '..', 'okno.key'), join(dir, 'okno.key'));
    const env = await startInProcess({ dataDir: dir });
    try {
      const admin = await env.client();
      expect((await admin.call('auth.login', { login: 'admin', password: 'admin-password-1' })).ok).toBe(true);
      expect(existsSync(join(dir, `${DB}-wal`))).toBe(true);
      const { code, report } = await runJson(dir);
      expect(code).toBe(0);
      // At least app.started and the login on top of the closed log.
      expect(report.rows).toBeGreaterThanOrEqual(rows + 2);
    } finally {
      await env.close();
    }
  });
});

describe('audit:verify on a tampered log (exit 1, the first broken row named)', () => {
  it('a row whose details were edited', async () => {
    const dir = copyDir();
    await tamper(join(dir, DB), [`UPDATE audit_log SET details = '{"edited":true}' WHERE seq = 3`]);
    const before = sha256(join(dir, DB));
    const { code, report } = await runJson(dir);
    expect(code).toBe(1);
    expect(report).toMatchObject({ ok: false, brokenSeq: 3, reason: 'hash_mismatch', rows: 2 });
    expect(sha256(join(dir, DB))).toBe(before);

    const text = await runCli(['--data-dir', dir]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Журнал аудита повреждён: первая повреждённая запись № 3.');
    expect(text.stdout).toContain('Запись №3 изменена после записи: хеш не совпадает.');
    expect(text.stdout).toMatch(new RegExp(`Контрольная отметка конца журнала: запись № ${rows}, хеш [0-9a-f]{64}`));
  });

  it('a row deleted in the middle', async () => {
    const dir = copyDir();
    await tamper(join(dir, DB), ['DELETE FROM audit_log WHERE seq = 4']);
    const { code, report } = await runJson(dir);
    expect(code).toBe(1);
    expect(report).toMatchObject({ ok: false, brokenSeq: 5, reason: 'sequence_gap', rows: 3 });
    expect(report.message).toContain('удалена запись №4');
  });

  it('the last row deleted (only the head mark shows it)', async () => {
    const dir = copyDir();
    await tamper(join(dir, DB), [`DELETE FROM audit_log WHERE seq = ${rows}`]);
    const { code, report } = await runJson(dir);
    expect(code).toBe(1);
    expect(report).toMatchObject({ ok: false, brokenSeq: rows, reason: 'head_mismatch', rows: rows - 1 });
    expect(report.message).toContain(`удалена запись №${rows}`);
  });

  it('two rows swapped (their seq exchanged)', async () => {
    const dir = copyDir();
    await tamper(join(dir, DB), [
      'UPDATE audit_log SET seq = 1000000 WHERE seq = 2',
      'UPDATE audit_log SET seq = 2 WHERE seq = 3',
      'UPDATE audit_log SET seq = 3 WHERE seq = 1000000',
    ]);
    const { code, report } = await runJson(dir);
    expect(code).toBe(1);
    expect(report).toMatchObject({ ok: false, brokenSeq: 2, reason: 'chain_break', rows: 1 });
  });
});

describe('audit:verify and the keyed chain (issue 15)', () => {
  it('a full rewrite with plain SHA-256 (the scheme known, the key not) is reported', async () => {
    const dir = copyDir();
    const opened = await openDatabase({ file: join(dir, DB), backupsDir: join(dir, 'backups'), log: silentLogger });
    if (!opened.ok) throw new Error(opened.error.message);
    await opened.db.transaction((trx) =>
      rechainAudit(trx, {
        hash: auditHash,
        all: true,
        rewrite: (fields) => (fields.seq === 3 ? { ...fields, details: { edited: true } } : fields),
      }),
    );
    await closeDatabase(opened.db);
    const { code, report } = await runJson(dir);
    expect(code).toBe(1);
    expect(report).toMatchObject({ ok: false, brokenSeq: 1, reason: 'hash_mismatch', chain: 'keyed' });
  });

  it('without the key (an Electron install seals it) checks links only and says so; --key-file checks it all', async () => {
    const keyCopy = join(root, `key-${++counter}`);
    copyFileSync(join(template, '..', KEY), keyCopy);
    const dir = copyDir(false);
    await tamper(join(dir, DB), [`UPDATE audit_log SET details = '{"edited":true}' WHERE seq = 3`]);
    const text = await runCli(['--data-dir', dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('проверены порядок записей, их связи и отметка конца журнала, но НЕ содержимое записей');
    expect((await runJson(dir)).report.chain).toBe('links_only');
    const keyed = await runJson(dir, ['--key-file', keyCopy]);
    expect(keyed.code).toBe(1);
    expect(keyed.report).toMatchObject({ ok: false, brokenSeq: 3, reason: 'hash_mismatch', chain: 'keyed' });
  });

  it('a key of another workstation is refused (exit 2), not reported as a broken log', async () => {
    const dir = copyDir();
    writeFileSync(join(dir, KEY), Buffer.alloc(32, 9).toString('base64'));
    const { code, report } = await runJson(dir);
    expect(code).toBe(2);
    expect(report.error).toContain('не подходит к этой базе данных');
  });
});

describe('audit:verify against the registry anchors (--anchors)', () => {
  const anchorsFile = (items: unknown[]) => {
    const path = join(root, `anchors-${++counter}.json`);
    writeFileSync(path, JSON.stringify({ items }));
    return path;
  };
  const at = '2026-12-01T10:00:00.000Z';

  it('agrees with the real head (exit 0); a changed or a missing anchored row is reported (exit 1)', async () => {
    const dir = copyDir();
    const { report } = await runJson(dir);
    const head = report.head;
    if (!head) throw new Error('no head');
    const good = await runJson(dir, ['--anchors', anchorsFile([{ workstationId: '1', seq: head.seq, headHash: head.hash, at }])]);
    expect(good.code).toBe(0);
    expect(good.report.anchors).toEqual({ status: 'agrees', anchors: 1 });

    const changed = await runCli([
      '--data-dir',
      dir,
      '--anchors',
      anchorsFile([{ workstationId: '1', seq: 2, headHash: 'e'.repeat(64), at }]),
    ]);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('Журнал НЕ совпадает с отметками реестра: запись № 2 не та, что была отмечена');

    const beyond = await runJson(dir, ['--anchors', anchorsFile([{ workstationId: '1', seq: head.seq + 5, headHash: head.hash, at }])]);
    expect(beyond.code).toBe(1);
    expect(beyond.report.anchors).toEqual({ status: 'disagrees', seq: head.seq + 5, reason: 'beyond_end' });
  });

  it('a file that is not the registry’s answer is refused (exit 2)', async () => {
    const dir = copyDir();
    const path = join(root, `anchors-${++counter}.json`);
    writeFileSync(path, '{"items":[{"seq":"one"}]}');
    const run = await runJson(dir, ['--anchors', path]);
    expect(run.code).toBe(2);
    expect(run.report.error).toContain('GET /v1/audit-anchors');
  });
});

describe('audit:verify refuses what it cannot check (exit 2)', () => {
  it('--help prints the usage and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--data-dir КАТАЛОГ');
  });

  it('no --data-dir, or an unknown flag', async () => {
    for (const args of [[], ['--data-dir'], ['--verbose', '--data-dir', root]]) {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('Использование: npm run audit:verify');
    }
  });

  it('a directory that does not exist, or one without the database', async () => {
    const missing = await runCli(['--data-dir', join(root, 'nowhere')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('каталог данных не найден');
    const empty = join(root, 'empty');
    mkdirSync(empty);
    const none = await runJson(empty);
    expect(none.code).toBe(2);
    expect(none.report.error).toContain(`нет файла ${DB}`);
    expect(readdirSync(empty)).toEqual([]);
  });

  it('a file that is not a database, and a database that is not Okno’s', async () => {
    const junk = join(root, 'junk');
    mkdirSync(junk);
    writeFileSync(join(junk, DB), 'this is not a database, just some text long enough to be read'.repeat(20));
    const notDb = await runCli(['--data-dir', junk]);
    expect(notDb.code).toBe(2);
    expect(notDb.stderr).toContain('не является базой данных SQLite');

    const other = join(root, 'other');
    mkdirSync(other);
    await exec(join(other, DB), 'CREATE TABLE t (x INTEGER)');
    const notOkno = await runCli(['--data-dir', other]);
    expect(notOkno.code).toBe(2);
    expect(notOkno.stderr).toContain('нет журнала аудита');
  });
});
