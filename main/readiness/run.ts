/**
 * The one list of readiness checks (DESIGN.md §9), run by the admin screen in the app and by
 * `npm run selftest` from the command line. The two differ only in where the facts come from
 * (the app's own connection, devices and token, or a read-only look at a closed data folder).
 */
import type { Knex } from 'knex';
import type { DevicesStatus, PrinterSettings, ReaderSettings, ReadinessReport } from '../../preload/contract';
import { checkAudit, checkBackupFolder, checkDatabase, checkDataDir, checkDisk, checkKey, checkMigrations } from './checks-local';
import { liveDeviceFacts, probeDevices, type ProbeOptions } from './checks-devices';
import { checkRegistry, checkUpdateFeed, type RemoteOptions } from './checks-remote';
import { summarize, type ReadinessLine } from './line';
import { backupStatus } from '../backup/status';
import { auditLine, backupLine, databaseLine, dataDirLine, diskLine, keyLine, migrationsLine, versionsLine } from './lines-local';
import { clockLine, portLine, printerStatusLine, registryLine, tokenLine, updateFeedLine } from './lines-remote';

export interface ReadinessContext {
  dataDir: string;
  databaseFile: string;
  /** Null when there is no database file. */
  db: Knex | null;
  /** Run inside the app: its connection carries the audit chain key and it opened the data key. */
  inApp: boolean;
  registryUrl: string;
  /** The registry token given the data key found by the check (null: none found in the folder). */
  token: (key: Buffer | null) => Promise<string | 'sealed' | null>;
  devices:
    { kind: 'live'; status: DevicesStatus } | { kind: 'probe'; reader: ReaderSettings; printer: PrinterSettings; options?: ProbeOptions };
  backupFolder: string | undefined;
  /** The desk whose backups count (their names carry it). */
  desk: { officeCode: string; workstationId: string };
  updateUrl: string | undefined;
  appVersion: string;
  now: () => Date;
  remote?: RemoteOptions;
  /** Lines only the Electron layer can make (main/electron/readiness.ts), placed before the versions. */
  extra?: () => Promise<ReadinessLine[]>;
}

async function databaseLines(ctx: ReadinessContext): Promise<{ lines: ReadinessLine[]; key: Buffer | null; schema: number | null }> {
  const db = ctx.db;
  if (db === null) return { lines: [databaseLine({ kind: 'missing', file: ctx.databaseFile })], key: null, schema: null };
  const integrity = await checkDatabase(db);
  const lines = [databaseLine(integrity)];
  if (integrity.kind !== 'ok') return { lines, key: null, schema: null };
  const migrations = await checkMigrations(db);
  lines.push(migrationsLine(migrations));
  const key = await checkKey(ctx.dataDir, db, ctx.inApp);
  const audit = await checkAudit(db, ctx.inApp ? { kind: 'app' } : key.key ? { kind: 'key', key: key.key } : { kind: 'none' }).catch(
    (error: unknown) => ({ kind: 'broken' as const, seq: 0, message: error instanceof Error ? error.message : String(error) }),
  );
  lines.push(auditLine(audit), keyLine(key.facts));
  return { lines, key: key.key, schema: migrations.applied.length };
}

/** The app's last backup attempt, when it failed after the last success (backup-status.json, main/backup). */
function lastBackupFailure(dataDir: string): { at: string; message: string } | null {
  const status = backupStatus(dataDir);
  if (status.lastError === null) return null;
  return status.lastAt === null || status.lastError.at > status.lastAt ? status.lastError : null;
}

export async function runReadiness(ctx: ReadinessContext): Promise<ReadinessReport> {
  const local = await databaseLines(ctx);
  const lines = [...local.lines];
  lines.push(dataDirLine(await checkDataDir(ctx.dataDir)));
  lines.push(diskLine(await checkDisk(ctx.dataDir)));
  lines.push(backupLine(await checkBackupFolder(ctx.backupFolder, ctx.desk, ctx.now()), lastBackupFailure(ctx.dataDir)));

  const registry = await checkRegistry(ctx.registryUrl, await ctx.token(local.key), { now: ctx.now, ...ctx.remote });
  lines.push(registryLine(registry.registry), tokenLine(registry.token), clockLine(registry.clockOffsetMs));

  const devices =
    ctx.devices.kind === 'live'
      ? liveDeviceFacts(ctx.devices.status)
      : await probeDevices(ctx.devices.reader, ctx.devices.printer, ctx.devices.options);
  lines.push(portLine('reader', devices.reader), portLine('printer', devices.printer));
  if (devices.printerStatus.kind !== 'no_printer') lines.push(printerStatusLine(devices.printerStatus));

  lines.push(updateFeedLine(await checkUpdateFeed(ctx.updateUrl, ctx.remote)));
  if (ctx.extra) lines.push(...(await ctx.extra()));
  lines.push(
    versionsLine({ app: ctx.appVersion, node: process.versions.node, electron: process.versions.electron ?? null, schema: local.schema }),
  );
  return summarize(ctx.now(), lines);
}
