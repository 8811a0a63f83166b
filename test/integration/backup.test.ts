/**
 * Issue 17, backups: the file opens only with IT's private key, a changed byte is reported by the
 * manifest check, a restore onto a folder with data is refused, failures (missing folder, no write
 * permission) are kept, logged and shown to administrators only, and a purge re-makes the backups.
 * The CLIs run as their own processes: `node build/scripts/build.mjs` first.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { ApplicationDetail, BackupStatus } from '../../preload/contract';
import { backupStatus } from '../../main/backup/status';
import { BackupError, folderError, listDeskBackups } from '../../main/backup/make';
import { readBackupHead } from '../../main/backup/container';
import { removeDir, tempDir } from '../harness';
import { seedRoles, startInProcess, type InProcess } from '../support/in-process';
import { syntheticPerson } from '../support/sync-load';
import { rsaPair, runCli, writeConfig, writePrivateKey, x25519Pair, type RecoveryPair } from '../support/backup-keys';

const root = tempDir('okno-backup-');
afterAll(() => removeDir(root));
let env: InProcess | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
});

let n = 0;
const fresh = (name: string) => join(root, `${name}-${++n}`);
const rsa = rsaPair();

function issueInput(i: number) {
  const p = syntheticPerson(i);
  const { surname, givenNames, patronymic, birthDate, sex, citizenship } = p;
  const doc = p.documents[0];
  if (!doc) throw new Error('no document');
  return {
    procedure: 'issue',
    idNumber: p.idNumber,
    person: { surname, givenNames, patronymic, birthDate, sex, citizenship },
    document: { type: doc.type, series: doc.series, number: doc.number, expiresAt: doc.expiresAt },
    phone: p.phone,
    consent: true,
  };
}

/** A desk with one signed application (offline), closed; its folder, config and backup folder. */
async function deskWithData(pair: RecoveryPair = rsa) {
  const dataDir = fresh('desk');
  const folder = fresh('share');
  mkdirSync(folder);
  const config = writeConfig(fresh('cfg'), 'config.json', {
    officeCode: 'MN-02',
    workstationId: '5',
    backup: { folder, recoveryPublicKey: pair.publicPem },
  });
  env = await startInProcess({ dataDir, configFile: config, realClock: true });
  const { clerk } = await seedRoles(env);
  const created = await clerk.call<ApplicationDetail>('applications.create', issueInput(9100 + n));
  if (!created.ok) throw new Error(JSON.stringify(created));
  await env.close();
  env = null;
  return { dataDir, folder, config };
}

function backupNow(dataDir: string, config: string): string {
  const made = runCli('backup', ['--data-dir', dataDir, '--config', config]);
  expect(made.stderr).toBe('');
  expect(made.code).toBe(0);
  return made.stdout.trim();
}

function restore(file: string, key: string, dataDir: string, extra: string[] = []) {
  return runCli('restore', ['--backup', file, '--recovery-key', key, '--data-dir', dataDir, ...extra]);
}

/** Another byte of the same kind: a digit stays a digit, a letter a letter, so the manifest still parses. */
function mutate(b: number): number {
  for (const [from, to] of [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ] as const)
    if (b >= from && b <= to) return b === to ? from : b + 1;
  return b ^ 0x01;
}

describe('the backup file', () => {
  it('opens with the private key of its pair (RSA and X25519); not with another key, nor without one', async () => {
    for (const pair of [rsa, x25519Pair()]) {
      const desk = await deskWithData(pair);
      const file = backupNow(desk.dataDir, desk.config);
      expect((await readBackupHead(file)).manifest).toMatchObject({
        officeCode: 'MN-02',
        workstationId: '5',
        files: [{ name: 'okno.sqlite' }],
      });

      for (const other of [rsaPair(), x25519Pair()]) {
        const target = fresh('restored');
        const refused = restore(file, writePrivateKey(fresh('keys'), other), target);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain('зашифрована другим ключом восстановления');
        expect(existsSync(target)).toBe(false);
      }
      const withoutKey = runCli('restore', ['--backup', file, '--data-dir', fresh('restored')]);
      expect(withoutKey.code).toBe(2);
      expect(withoutKey.stderr).toContain('не указано: --recovery-key');

      const target = fresh('restored');
      const ok = restore(file, writePrivateKey(fresh('keys'), pair), target);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
      const verified = runCli('audit-verify', ['--data-dir', target]);
      expect(verified.code).toBe(0);
    }
  }, 120_000);

  it('a changed byte anywhere is reported: in the database by its SHA-256, in the manifest by its MAC, in the wrapped key as not opening', async () => {
    const desk = await deskWithData();
    const file = backupNow(desk.dataDir, desk.config);
    const key = writePrivateKey(fresh('keys'), rsa);
    const bytes = readFileSync(file);
    const head = await readBackupHead(file);
    const manifestText = head.manifestBytes.toString('utf8');
    const at = (needle: string) => 13 + head.manifestBytes.indexOf(Buffer.from(needle));

    const cases: [string, number, string][] = [
      ['database', head.bodyOffset + Math.floor((bytes.length - head.bodyOffset) / 2), 'не совпадает с контрольной суммой SHA-256'],
      ['last byte', bytes.length - 1, 'не совпадает с контрольной суммой SHA-256'],
      ['manifest time', at(head.manifest.createdAt) + 3, 'Оглавление резервной копии'],
      ['manifest MAC', head.bodyOffset - 5, 'Оглавление резервной копии'],
      ['wrapped key', at(head.manifest.key.wrapped) + 10, 'не расшифровывается этим ключом'],
      ['magic', 2, 'это не файл резервной копии Окна'],
    ];
    expect(manifestText).toContain(head.manifest.createdAt);
    for (const [what, offset, message] of cases) {
      const changed = Buffer.from(bytes);
      changed[offset] = mutate(changed[offset] ?? 0);
      const copy = join(fresh('changed'), 'copy.okb');
      mkdirSync(join(copy, '..'), { recursive: true });
      writeFileSync(copy, changed);
      const target = fresh('restored');
      const refused = restore(copy, key, target);
      expect(refused.stderr, what).toContain(message);
      expect(refused.code, what).toBe(1);
      expect(existsSync(target), what).toBe(false);
    }
    // A cut file (a copy interrupted) says so.
    const cut = join(fresh('cut'), 'cut.okb');
    mkdirSync(join(cut, '..'));
    writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
    expect(restore(cut, key, fresh('restored')).stderr).toContain('файл обрезан или дописан');
  }, 60_000);

  it('a restore onto a folder that has anything in it is refused and changes nothing', async () => {
    const desk = await deskWithData();
    const file = backupNow(desk.dataDir, desk.config);
    const key = writePrivateKey(fresh('keys'), rsa);
    const target = fresh('occupied');
    mkdirSync(target);
    writeFileSync(join(target, 'notes.txt'), 'кто-то здесь работает');
    const refused = restore(file, key, target);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('не пуста');
    expect(readdirSync(target)).toEqual(['notes.txt']);
    // Onto the live desk itself, too.
    expect(restore(file, key, desk.dataDir).code).toBe(1);
  }, 60_000);

  it('--journal-after: the journal continues after the last number on the paper forms, never goes back', async () => {
    const desk = await deskWithData();
    const file = backupNow(desk.dataDir, desk.config);
    const key = writePrivateKey(fresh('keys'), rsa);
    const year = new Date().getUTCFullYear();
    // The desk is workstation 5: its numbers carry it (issue 14).
    const ahead = restore(file, key, fresh('restored'), ['--journal-after', `${year}/05-000120`]);
    expect(ahead.stderr).toBe('');
    expect(ahead.stdout).toContain(`следующий — ${year}/05-000121`);
    // A number printed before issue 14 (no desk in it) is taken too.
    const legacy = restore(file, key, fresh('restored'), ['--journal-after', `${year}/000130`]);
    expect(legacy.stdout).toContain(`следующий — ${year}/05-000131`);
    // A number not above the backup's counter changes nothing (the desk had taken 1 application).
    const behind = restore(file, key, fresh('restored'), ['--journal-after', `${year}/05-000001`]);
    expect(behind.stdout).toContain(`последний номер ${year}/05-000001, следующий — ${year}/05-000002`);
    for (const wrong of ['120', `${year}/000000`]) {
      const bad = restore(file, key, fresh('restored'), ['--journal-after', wrong]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('ожидается журнальный номер вида 2026/03-000123');
    }
  }, 60_000);

  it('a restore onto a desk of another identity (the config names another office or workstation) is refused', async () => {
    const desk = await deskWithData();
    const file = backupNow(desk.dataDir, desk.config);
    const other = writeConfig(fresh('cfg'), 'other.json', { officeCode: 'MN-02', workstationId: '6' });
    const target = fresh('restored');
    const refused = restore(file, writePrivateKey(fresh('keys'), rsa), target, ['--config', other]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('рабочего места MN-02, № 5');
    expect(existsSync(target)).toBe(false);
  }, 60_000);
});

describe('failures', () => {
  it('a missing folder: the CLI exits 1 with what to do, logs it, and the status keeps it (readiness check: backupStatus)', async () => {
    const desk = await deskWithData();
    const missing = join(root, 'not-mounted');
    const config = writeConfig(fresh('cfg'), 'config.json', { backup: { folder: missing, recoveryPublicKey: rsa.publicPem } });
    const failed = runCli('backup', ['--data-dir', desk.dataDir, '--config', config]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`Папка резервных копий ${missing} не найдена`);
    expect(existsSync(missing)).toBe(false);
    expect(backupStatus(desk.dataDir)).toMatchObject({ lastError: { code: 'folder_missing' } });
    const log = readFileSync(join(desk.dataDir, 'logs', 'okno.log'), 'utf8');
    expect(log).toContain('"message":"backup.failed"');
    expect(log).toContain('"code":"folder_missing"');

    // A good backup clears the error and records its time.
    const file = backupNow(desk.dataDir, desk.config);
    expect(backupStatus(desk.dataDir)).toMatchObject({ lastError: null, lastFile: file.split('/').at(-1) });
  }, 60_000);

  it('in the app: a failure is kept and pushed to administrators only; the admin reads it on backup.status, a clerk may not', async () => {
    const dataDir = fresh('desk');
    const folder = fresh('share');
    const config = writeConfig(fresh('cfg'), 'config.json', { backup: { folder, recoveryPublicKey: rsa.publicPem } });
    env = await startInProcess({ dataDir, configFile: config, realClock: true });
    const e = env;
    const roles = await seedRoles(e);
    const targets: (string | null)[] = [];
    e.app.bus.listen((clientId, event) => {
      if (event === 'backup.status') targets.push(clientId);
    });
    const failed = await e.app.deps.backups.runNow('manual').catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(BackupError);
    expect(e.app.deps.backups.status()).toMatchObject({ configured: true, running: false, lastError: { code: 'folder_missing' } });
    expect(targets.length).toBeGreaterThan(0);
    // Every push went to a signed-in administrator's client, none to everyone.
    const adminStatus = await roles.admin.call<BackupStatus>('backup.status');
    expect(adminStatus).toMatchObject({ ok: true, value: { lastError: { code: 'folder_missing' }, lastAt: null } });
    expect(targets.every((t) => t !== null && e.app.sessions.current(t)?.role === 'admin')).toBe(true);
    expect(await roles.clerk.call('backup.status')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await roles.supervisor.call('backup.status')).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // The folder appears (the share is mounted): the next backup succeeds and the error is gone.
    mkdirSync(folder);
    const made = await e.app.deps.backups.runNow('manual');
    expect(made?.name).toMatch(/^okno-backup-00_1_\d{8}T\d{9}Z\.okb$/);
    expect(e.app.deps.backups.status()).toMatchObject({ lastError: null, lastFile: made?.name });
  }, 60_000);

  it('a folder without write permission is reported as such', async () => {
    const desk = await deskWithData();
    const folder = fresh('read-only');
    mkdirSync(folder);
    // root ignores modes: an immutable folder (chattr +i) stands in for a share without write permission.
    const root = process.getuid?.() === 0;
    const locked = root ? spawnSync('chattr', ['+i', folder]).status === 0 : (chmodSync(folder, 0o500), true);
    if (!locked) return expect(folderError(Object.assign(new Error('x'), { code: 'EACCES' }), folder).code).toBe('not_writable');
    try {
      const config = writeConfig(fresh('cfg'), 'config.json', { backup: { folder, recoveryPublicKey: rsa.publicPem } });
      const failed = runCli('backup', ['--data-dir', desk.dataDir, '--config', config]);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain(`Нет права записи в папку резервных копий ${folder}`);
      expect(backupStatus(desk.dataDir)).toMatchObject({ lastError: { code: 'not_writable' } });
      expect(readdirSync(folder)).toEqual([]);
    } finally {
      if (root) spawnSync('chattr', ['-i', folder]);
      else chmodSync(folder, 0o700);
    }
  }, 60_000);

  it.each([
    ['ENOENT', 'folder_missing'],
    ['ENOTDIR', 'folder_missing'],
    ['EACCES', 'not_writable'],
    ['EPERM', 'not_writable'],
    ['EROFS', 'not_writable'],
    ['ENOSPC', 'disk_full'],
    ['EDQUOT', 'disk_full'],
    ['EIO', 'failed'],
  ])('%s at the folder is %s', (code, expected) => {
    expect(folderError(Object.assign(new Error(code), { code }), '/mnt/share').code).toBe(expected);
  });
});

describe('retention', () => {
  it('after a purge the older backups of this desk are re-made (removed once a new one is written); other desks’ files are not touched', async () => {
    const dataDir = fresh('desk');
    const folder = fresh('share');
    mkdirSync(folder);
    const neighbour = join(folder, 'okno-backup-MN-02_6_20261101T000000000Z.okb');
    writeFileSync(neighbour, 'another desk');
    const config = writeConfig(fresh('cfg'), 'config.json', {
      officeCode: 'MN-02',
      workstationId: '5',
      backup: { folder, recoveryPublicKey: rsa.publicPem },
    });
    env = await startInProcess({ dataDir, configFile: config, realClock: true, retention: false });
    const e = env;
    await seedRoles(e);
    const first = await e.app.deps.backups.runNow('manual');
    const second = await e.app.deps.backups.runNow('manual');
    expect((await listDeskBackups(folder, 'MN-02', '5')).map((b) => b.name)).toEqual([first?.name, second?.name]);

    e.app.deps.backups.afterPurge();
    const third = await e.app.deps.backups.runNow('manual');
    // afterPurge queued a purge run, which the manual request shared: only the new backup is left.
    expect((await listDeskBackups(folder, 'MN-02', '5')).map((b) => b.name)).toEqual([third?.name]);
    expect(existsSync(neighbour)).toBe(true);
  }, 60_000);
});

describe('retention in the app', () => {
  it('the daily purge re-makes the backups: one made after the closing but before the purge (young enough to keep by age) goes', async () => {
    const dataDir = fresh('desk');
    const folder = fresh('share');
    mkdirSync(folder);
    const config = writeConfig(fresh('cfg'), 'config.json', {
      officeCode: 'MN-02',
      workstationId: '5',
      retentionDays: 2,
      backup: { folder, keepDays: 14, recoveryPublicKey: rsa.publicPem },
    });
    env = await startInProcess({ dataDir, configFile: config, retention: false });
    const e = env;
    const { clerk } = await seedRoles(e);
    const created = await clerk.call<ApplicationDetail>('applications.create', issueInput(9900));
    if (!created.ok) throw new Error(JSON.stringify(created));
    expect((await clerk.call('applications.cancel', { id: created.value.id, reason: 'гражданин передумал' })).ok).toBe(true);

    // 1.9 days later a backup holds the cancelled application's data; it is younger than the age limit.
    e.clock.advance(1.9 * 24 * 3600_000);
    const held = await e.app.deps.backups.runNow('manual');
    e.clock.advance(0.2 * 24 * 3600_000);
    const run = await e.app.deps.retention.runNow();
    expect(run.purged.map((p) => p.id)).toEqual([created.value.id]);
    // The purge asked for a backup; this request is served by it or runs after it.
    const after = await e.app.deps.backups.runNow('manual');
    const names = (await listDeskBackups(folder, 'MN-02', '5')).map((b) => b.name);
    expect(names).not.toContain(held?.name);
    expect(names).toContain(after?.name);
    expect(names.length).toBeLessThanOrEqual(2);
  }, 60_000);
});
