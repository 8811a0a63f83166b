/**
 * `npm run selftest` (main/cli/selftest.ts) on data folders the real app made: the example config
 * (no registry, no ports) is not ready; the reference registry, the simulated reader and printer on
 * socat ptys and a writable backup folder make it ready; then each real check is broken once and
 * its own line must fail. Run through tsx so it does not depend on out/ being built.
 */
import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPrinterSettings, defaultReaderSettings } from '../../preload/contract';
import { startCentralServer, type CentralServer } from '../central/server';
import { projectRoot, removeDir, tempDir } from '../harness';
import { LabelPrinterSim } from '../simulators/label-printer';
import { createPtyPair, type PtyPair } from '../simulators/pty';
import { startInProcess } from '../support/in-process';

// backup.* goes whole in a config file: a folder with IT's recovery key (this one's private half is dropped).
const RECOVERY_PUBLIC_KEY = generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

const TSX = join(projectRoot, 'node_modules', '.bin', 'tsx');
const CLI = join(projectRoot, 'main', 'cli', 'selftest.ts');
const EXAMPLE = join(projectRoot, 'build', 'okno.config.example.json');
const TOKEN = 'selftest-token-1';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function selftest(args: readonly string[]): Promise<Run> {
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

/** The report's line for a title, without the title: `[СБОЙ] Title: text` → `[СБОЙ] text`. */
const lineOf = (run: Run, title: string) =>
  run.stdout
    .split('\n')
    .find((l) => l.includes(`] ${title}: `))
    ?.replace(`${title}: `, '') ?? `(no line «${title}»)`;

/** A data folder as the app leaves it after one start and a clean stop with this config. */
async function appFolder(root: string, name: string, configFile: string): Promise<string> {
  const dataDir = join(root, name);
  mkdirSync(dataDir, { mode: 0o700 });
  const env = await startInProcess({ dataDir, configFile });
  await env.close();
  return dataDir;
}

/** Raw SQL on a closed database file, as someone with the file would edit it. */
function exec(file: string, sql: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const raw = new sqlite3.Database(file, (openError) => {
      if (openError) return reject(openError);
      raw.exec(sql, (execError) => raw.close((closeError) => ((execError ?? closeError) ? reject(execError ?? closeError) : resolve())));
    });
  });
}

let root: string;

beforeAll(() => {
  root = tempDir('okno-selftest-');
});
afterAll(() => removeDir(root));

describe('selftest on a fresh harness folder with the example config', () => {
  let template: string;
  beforeAll(async () => {
    template = await appFolder(root, 'example', EXAMPLE);
  });

  it('exits 1 and says why: registry unreachable, ports missing', async () => {
    const dataDir = template;
    const run = await selftest(['--data-dir', dataDir, '--config', EXAMPLE]);
    expect(run.code, run.stderr).toBe(1);
    expect(lineOf(run, 'База данных')).toMatch(/^\[ OK \]/);
    expect(lineOf(run, 'Журнал аудита')).toMatch(/^\[ OK \]/);
    expect(lineOf(run, 'Связь с реестром')).toMatch(/^\[СБОЙ\] .*central\.invalid.* не отвечает/);
    expect(lineOf(run, 'Считыватель документов')).toMatch(/^\[СБОЙ\] .*Порта COM3 нет/);
    expect(lineOf(run, 'Принтер этикеток')).toMatch(/^\[СБОЙ\] .*Порта COM4 нет/);
    expect(run.stdout).toMatch(/ИТОГ: рабочее место НЕ готово/);
  });

  it('fails the audit line on a tampered log, the schema line on a newer database, the key line on another key', async () => {
    const copy = (name: string) => {
      const dir = join(root, name);
      cpSync(template, dir, { recursive: true });
      return dir;
    };
    const tampered = copy('tampered');
    await exec(
      join(tampered, 'okno.sqlite'),
      'DROP TRIGGER audit_log_no_update; UPDATE audit_log SET details = \'{"x":1}\' WHERE seq = 1;',
    );
    let run = await selftest(['--data-dir', tampered, '--config', EXAMPLE]);
    expect(lineOf(run, 'Журнал аудита')).toMatch(/^\[СБОЙ\] Цепочка журнала нарушена с записи № 1/);

    const newer = copy('newer');
    await exec(join(newer, 'okno.sqlite'), "INSERT INTO knex_migrations (name, batch, migration_time) VALUES ('0099_future', 99, 0);");
    run = await selftest(['--data-dir', newer, '--config', EXAMPLE]);
    expect(lineOf(run, 'Версия схемы базы данных')).toMatch(/^\[СБОЙ\] База данных от более новой версии .*0099_future/);

    const otherKey = copy('other-key');
    writeFileSync(join(otherKey, 'okno.key'), `${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
    run = await selftest(['--data-dir', otherKey, '--config', EXAMPLE]);
    expect(lineOf(run, 'Ключ данных')).toMatch(/^\[СБОЙ\] Файл ключа okno\.key не подходит/);
  });

  it('exits 1 on a folder without a database', async () => {
    const empty = join(root, 'empty');
    mkdirSync(empty, { mode: 0o700 });
    const run = await selftest(['--data-dir', empty, '--config', EXAMPLE]);
    expect(run.code).toBe(1);
    expect(lineOf(run, 'База данных')).toMatch(/^\[СБОЙ\] Файла базы данных нет/);
  });

  it('exits 2 when it cannot run: no folder, wrong arguments, a config with mistakes', async () => {
    expect((await selftest(['--data-dir', join(root, 'nowhere')])).code).toBe(2);
    expect((await selftest(['--data-dir'])).code).toBe(2);
    const bad = join(root, 'bad.json');
    writeFileSync(bad, JSON.stringify({ retentionDays: 'many' }));
    const run = await selftest(['--data-dir', root, '--config', bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/retentionDays/);
  });
});

describe('selftest with the reference registry, the simulators and a backup folder', () => {
  let central: CentralServer;
  let reader: PtyPair;
  let printerPty: PtyPair;
  let printer: LabelPrinterSim;
  let backups: string;
  let configFile: string;
  let dataDir: string;

  const config = (change: Record<string, unknown> = {}) => ({
    officeCode: 'MN-0417',
    workstationId: '3',
    registryUrl: central.url,
    registryToken: TOKEN,
    reader: { ...defaultReaderSettings, path: reader.devicePath },
    printer: { ...defaultPrinterSettings, path: printerPty.devicePath },
    backup: { folder: backups, recoveryPublicKey: RECOVERY_PUBLIC_KEY },
    ...change,
  });
  const writeConfig = (name: string, change: Record<string, unknown> = {}) => {
    const file = join(root, `${name}.json`);
    writeFileSync(file, JSON.stringify(config(change)));
    return file;
  };

  beforeAll(async () => {
    central = await startCentralServer({ token: TOKEN });
    reader = await createPtyPair();
    printerPty = await createPtyPair();
    printer = await LabelPrinterSim.open(printerPty.simPath);
    backups = join(root, 'backups');
    mkdirSync(backups);
    configFile = writeConfig('ready');
    dataDir = await appFolder(root, 'ready', configFile);
  });
  afterAll(async () => {
    await printer?.close();
    await printerPty?.close();
    await reader?.close();
    await central?.close();
  });

  it('exits 0: ready; the backup the app made when it closed is counted, and none at all is a warning only', async () => {
    let run = await selftest(['--data-dir', dataDir, '--config', configFile]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).not.toMatch(/\[СБОЙ\]/);
    expect(lineOf(run, 'Резервные копии')).toMatch(/^\[ OK \] .*последняя копия/);
    // Without a backup in the folder: a warning, still ready.
    for (const name of readdirSync(backups)) rmSync(join(backups, name), { force: true });
    run = await selftest(['--data-dir', dataDir, '--config', configFile]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(lineOf(run, 'Резервные копии')).toMatch(/^\[ВНИМ\] .*копий ещё нет/);
    expect(lineOf(run, 'Токен рабочего места')).toMatch(/^\[ OK \]/);
    expect(lineOf(run, 'Ответ принтера на ~HS')).toMatch(/^\[ OK \]/);
    expect(run.stdout).toMatch(/ИТОГ: рабочее место готово/);
  });

  it('this desk’s backup in the folder is counted; another desk’s (IT’s folder is shared) is not', async () => {
    for (const name of readdirSync(backups)) rmSync(join(backups, name), { force: true });
    writeFileSync(join(backups, 'okno-backup-MN-0417_4_20261205T070000000Z.okb'), 'x');
    let run = await selftest(['--data-dir', dataDir, '--config', configFile]);
    expect(lineOf(run, 'Резервные копии')).toMatch(/^\[ВНИМ\] .*копий ещё нет/);
    writeFileSync(join(backups, 'okno-backup-MN-0417_3_20261205T070000000Z.okb'), 'x');
    run = await selftest(['--data-dir', dataDir, '--config', configFile]);
    expect(lineOf(run, 'Резервные копии')).toMatch(/^\[ OK \] .*последняя копия \d+ мин назад/);
  });

  it('fails the token line when the registry refuses the token', async () => {
    const run = await selftest(['--data-dir', dataDir, '--config', writeConfig('token', { registryToken: 'another-token-2' })]);
    expect(run.code).toBe(1);
    expect(lineOf(run, 'Токен рабочего места')).toMatch(/^\[СБОЙ\] Реестр не принял токен \(HTTP 401\)/);
  });

  it('warns about the clock when the registry is more than 2 minutes ahead', async () => {
    const skewed = await startCentralServer({ token: TOKEN, now: () => new Date(Date.now() + 5 * 60_000) });
    try {
      const run = await selftest(['--data-dir', dataDir, '--config', writeConfig('clock', { registryUrl: skewed.url })]);
      expect(run.code).toBe(0);
      expect(lineOf(run, 'Часы компьютера')).toMatch(/^\[ВНИМ\] Часы отстают от реестра на 30\d с/);
    } finally {
      await skewed.close();
    }
  });

  it('fails the printer line when the printer does not answer ~HS, and says what it reports', async () => {
    printer.set({ silent: true });
    let run = await selftest(['--data-dir', dataDir, '--config', configFile]);
    expect(run.code).toBe(1);
    expect(lineOf(run, 'Ответ принтера на ~HS')).toMatch(/^\[СБОЙ\] Принтер не ответил/);
    printer.set({ silent: false, paperOut: true });
    run = await selftest(['--data-dir', dataDir, '--config', configFile]);
    expect(lineOf(run, 'Ответ принтера на ~HS')).toMatch(/^\[СБОЙ\] Принтер сообщает: В принтере закончились этикетки/);
    printer.set({ paperOut: false });
  });

  it('fails the backup line for a missing and for a read-only folder', async () => {
    let run = await selftest([
      '--data-dir',
      dataDir,
      '--config',
      writeConfig('nobackup', { backup: { folder: join(root, 'absent'), recoveryPublicKey: RECOVERY_PUBLIC_KEY } }),
    ]);
    expect(run.code).toBe(1);
    expect(lineOf(run, 'Резервные копии')).toMatch(/^\[СБОЙ\] Папки резервных копий нет/);
    const readOnly = join(root, 'read-only');
    mkdirSync(readOnly, { mode: 0o500 });
    run = await selftest([
      '--data-dir',
      dataDir,
      '--config',
      writeConfig('robackup', { backup: { folder: readOnly, recoveryPublicKey: RECOVERY_PUBLIC_KEY } }),
    ]);
    // root ignores permissions: then the folder is writable and the line cannot fail here.
    if (process.getuid?.() !== 0) expect(lineOf(run, 'Резервные копии')).toMatch(/^\[СБОЙ\] В папку резервных копий .* нельзя записать/);
    chmodSync(readOnly, 0o700);
  });

  it('fails the key and data-folder lines when others may read them', async () => {
    chmodSync(join(dataDir, 'okno.key'), 0o644);
    try {
      const run = await selftest(['--data-dir', dataDir, '--config', configFile]);
      expect(run.code).toBe(1);
      expect(lineOf(run, 'Ключ данных')).toMatch(/^\[СБОЙ\] .*права 644/);
      expect(lineOf(run, 'Папка данных')).toMatch(/^\[СБОЙ\] .*okno\.key 644/);
    } finally {
      chmodSync(join(dataDir, 'okno.key'), 0o600);
    }
  });

  it('fails the port line when the reader is unplugged', async () => {
    const run = await selftest([
      '--data-dir',
      dataDir,
      '--config',
      writeConfig('noreader', { reader: { ...defaultReaderSettings, path: join(root, 'ttyNone') } }),
    ]);
    expect(run.code).toBe(1);
    expect(lineOf(run, 'Считыватель документов')).toMatch(/^\[СБОЙ\] Порта .*ttyNone нет/);
  });
});
