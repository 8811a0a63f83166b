/**
 * Personal data over time (Law No. 99-З, DOMAIN.md §7): the retention purge (at start, daily and
 * when the period is shortened) and data-subject requests — find one person's applications by
 * identification number, report what is held, erase it early where the law allows.
 *
 * A purge keeps the journal facts (number, procedure, dates, state, clerk) and drops the rest
 * (db/repositories/applications-retention.ts `purgedValues`); then the file is compacted so the bytes are
 * gone, and pre-upgrade backups older than the period are removed. Every run and every request
 * is audited with counts and journal numbers — never the person's data.
 */
import {
  cancelAbandoned,
  closedStates,
  compactDatabase,
  clearOutboxErrors,
  countHolding,
  findByIdHash,
  listAuditBySubject,
  listBackups,
  clerkNames,
  listLabelJobs,
  purgeApplications,
  purgeClosedBefore,
  readMeta,
  removeBackups,
  writeMeta,
  type ApplicationRow,
  purgeBackups,
  type BackupPurge,
  type CancelledAbandoned,
  type PurgedApplication,
} from '../../db';
import {
  fieldMessage,
  maskIdNumber,
  ok,
  type ApplicationDetail,
  type EraseBlocker,
  type ParsedInput,
  type Result,
  type RetentionStatus,
  type SubjectApplication,
  type SubjectEraseResult,
  type SubjectFindResult,
  type SubjectReport,
} from '../../preload/contract';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { SessionRecord } from '../sessions';
import { audit, type Deps } from './deps';
import type { SettingsStore } from './settings';

const DAY_MS = 24 * 60 * 60 * 1000;
const LAST_RUN = 'retention.last_run_at';
const LAST_PURGED = 'retention.last_purged';
const HELD_ELSEWHERE = fieldMessage('privacy.held_elsewhere');

type Personal = NonNullable<ApplicationDetail['personal']>;

export interface RetentionRun {
  at: string;
  cutoff: string;
  purged: PurgedApplication[];
  /** Drafts and unsigned applications the run cancelled (untouched for `draftDays`). */
  abandoned: CancelledAbandoned[];
  backupsRemoved: number;
  /** Rows of purged applications purged in the pre-upgrade backups too (db/backup-purge.ts). */
  backups: BackupPurge;
}

export interface Retention {
  /** Purges what is due now; runs after the run already in progress, if there is one. */
  runNow(): Promise<RetentionRun>;
  /** Compacts the file after an early erase (serialised with the runs). */
  compact(): Promise<void>;
  /** After an early erase: compacts the file and purges the erased rows in the backups. */
  afterErase(): Promise<BackupPurge>;
  status(): Promise<RetentionStatus>;
  /** The first purge now (awaited), then one a day. */
  start(): Promise<void>;
  /** Waits for the run in progress; no new ones start. */
  stop(): Promise<void>;
}

interface RetentionDeps {
  db: Deps['db'];
  clock: Clock;
  log: Logger;
  settings: SettingsStore;
  backupsDir: string;
  /** The live database file: the backups are purged of what it no longer holds. */
  databaseFile: string;
  /** Personal data were purged or erased: IT's backups are re-made (main/backup/service.ts). */
  onPurged?: () => void;
}

export function createRetention(deps: RetentionDeps): Retention {
  const { db, clock, log, settings } = deps;
  let chain: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let started = false;

  /** One database-wide job at a time: a VACUUM waits for the purge before it, and vice versa. */
  const serially = <T>(job: () => Promise<T>): Promise<T> => {
    const next = chain.then(job);
    chain = next.catch(() => undefined);
    return next;
  };

  async function compactNow(): Promise<void> {
    const { walBusy } = await compactDatabase(db);
    if (walBusy) log.warn('retention: the WAL could not be emptied now; it is emptied at the next checkpoint');
  }

  /** The purge itself: one indexed UPDATE, quick even on a large journal. Compaction is separate. */
  async function purgeDue(): Promise<Omit<RetentionRun, 'backups'>> {
    const now = clock.now();
    const at = now.toISOString();
    const { retentionDays, draftDays } = settings.values();
    const cutoff = new Date(now.getTime() - retentionDays * DAY_MS);
    const abandonedBefore = new Date(now.getTime() - draftDays * DAY_MS).toISOString();
    // A backup made before an upgrade holds every application of its day; past the period it goes.
    const stale = listBackups(deps.backupsDir).filter((b) => b.at.getTime() < cutoff.getTime());
    const backupsRemoved = removeBackups(
      deps.backupsDir,
      stale.map((b) => b.name),
      log,
    ).length;
    const { purged, abandoned } = await db.transaction(async (trx) => {
      // Never purged while open: a draft or an unsigned application left behind is cancelled first,
      // by the system and audited with the reason, and then purged as cancelled when its period ends.
      const abandoned = await cancelAbandoned(trx, abandonedBefore, at);
      for (const a of abandoned)
        await audit(trx, { clock }, null, 'application.cancelled', a.id, {
          journalNo: a.journalNo,
          reason: `Отменено автоматически: заявление не изменялось ${draftDays} дн. и не было подписано.`,
          automatic: true,
          from: a.from,
          draftDays,
        });
      const rows = await purgeClosedBefore(trx, cutoff.toISOString(), at);
      await clearOutboxErrors(
        trx,
        rows.map((r) => r.id),
      );
      await writeMeta(trx, LAST_RUN, at);
      await writeMeta(trx, LAST_PURGED, String(rows.length));
      // A run that removed nothing leaves its time in meta (the status card shows it), not an audit row a day.
      if (rows.length > 0 || backupsRemoved > 0) {
        await audit(trx, { clock }, null, 'retention.purged', null, {
          applications: rows.length,
          backupsRemoved,
          retentionDays,
          cutoff: cutoff.toISOString(),
          ...countByState(rows),
        });
      }
      return { purged: rows, abandoned };
    });
    log.info('retention: purge done', { purged: purged.length, abandoned: abandoned.length, backupsRemoved, retentionDays });
    return { at, cutoff: cutoff.toISOString(), purged, abandoned, backupsRemoved };
  }

  /** Purges in the backups what the live file let go (committed state), audited when it did anything. */
  async function cleanBackups(trigger: 'retention' | 'subject.erased'): Promise<BackupPurge> {
    if (listBackups(deps.backupsDir).length === 0) return { cleaned: [], removed: [], rows: 0 };
    const result = await purgeBackups(deps.backupsDir, deps.databaseFile, clock.now().toISOString(), log);
    if (result.cleaned.length > 0 || result.removed.length > 0)
      await audit(db, { clock }, null, 'retention.purged', null, {
        applications: 0,
        trigger,
        backupsCleaned: result.cleaned.length,
        backupsRemoved: result.removed.length,
        backupRows: result.rows,
      });
    return result;
  }

  const runNow = () =>
    serially(async () => {
      const run = await purgeDue();
      if (run.purged.length > 0) await compactNow();
      const backups = await cleanBackups('retention');
      if (run.purged.length > 0) deps.onPurged?.();
      return { ...run, backups };
    });

  /** The next daily run a day after the last one, whatever started that one. */
  function schedule(): void {
    if (timer) clearTimeout(timer);
    if (stopped || !started) return;
    timer = setTimeout(() => {
      void runNow()
        .catch((error: unknown) => log.error('retention: purge failed', { error }))
        .finally(schedule);
    }, DAY_MS);
    timer.unref();
  }

  settings.onChange((keys) => {
    if ((keys.includes('retentionDays') || keys.includes('draftDays')) && !stopped)
      void runNow().catch((error: unknown) => log.error('retention: purge failed', { error }));
  });

  return {
    runNow,
    compact: () => serially(compactNow),
    afterErase: () =>
      serially(async () => {
        await compactNow();
        const backups = await cleanBackups('subject.erased');
        deps.onPurged?.();
        return backups;
      }),
    async status() {
      const [lastRunAt, lastPurged, counts] = await Promise.all([readMeta(db, LAST_RUN), readMeta(db, LAST_PURGED), countHolding(db)]);
      return {
        retentionDays: settings.values().retentionDays,
        lastRunAt,
        lastPurged: lastPurged === null ? null : Number(lastPurged),
        nextRunAt: lastRunAt === null ? null : new Date(Date.parse(lastRunAt) + DAY_MS).toISOString(),
        holding: counts.holding,
        purgedTotal: counts.total - counts.holding,
      };
    },
    async start() {
      started = true;
      // The purge is awaited (start-up state is settled before the first clerk logs in); compacting
      // a large file can take seconds, so it runs in the background.
      try {
        const run = await serially(purgeDue);
        void serially(async () => {
          if (run.purged.length > 0) await compactNow();
          await cleanBackups('retention');
          if (run.purged.length > 0) deps.onPurged?.();
        }).catch((error: unknown) => log.error('retention: compaction or backup purge failed', { error }));
      } catch (error) {
        log.error('retention: purge at start failed', { error });
      }
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await chain;
    },
  };
}

function countByState(rows: readonly PurgedApplication[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.state] = (counts[row.state] ?? 0) + 1;
  return counts;
}

/** Why this application's data may not go yet; null when they may. */
export function eraseBlocker(row: Pick<ApplicationRow, 'state' | 'personal'>): EraseBlocker | null {
  if (row.personal === null) return 'already_purged';
  if ((closedStates as readonly string[]).includes(row.state)) return null;
  // A queued or sent application is the registry's to decide: its data are needed until then.
  return row.state === 'queued' || row.state === 'sent' ? 'awaiting_registry' : 'in_progress';
}

function subjectApplication(row: ApplicationRow, names: Map<string, string>): SubjectApplication {
  return {
    id: row.id,
    journalNo: row.journalNo,
    procedure: row.procedure,
    state: row.state,
    createdAt: row.createdAt,
    clerkName: names.get(row.clerkId) ?? '—',
    purged: row.personal === null,
    eraseBlocker: eraseBlocker(row),
  };
}

const journalNos = (rows: readonly { journalNo: string }[]) => rows.map((r) => r.journalNo);

/** Only rows still holding data carry the hash, so this finds exactly what is held about the person. */
function personRows(deps: Deps, idNumber: string): Promise<ApplicationRow[]> {
  return findByIdHash(deps.db, deps.cipher.hash('id', idNumber));
}

export async function findSubject(
  deps: Deps,
  session: SessionRecord,
  input: ParsedInput<'subjects.find'>,
): Promise<Result<SubjectFindResult>> {
  const rows = await personRows(deps, input.idNumber);
  const names = await clerkNames(deps.db);
  await audit(deps.db, deps, session, 'subject.searched', null, { found: rows.length, applications: journalNos(rows) });
  return ok({ idMasked: maskIdNumber(input.idNumber), applications: rows.map((r) => subjectApplication(r, names)) });
}

export async function subjectReport(
  deps: Deps,
  session: SessionRecord,
  input: ParsedInput<'subjects.report'>,
): Promise<Result<SubjectReport>> {
  const rows = await personRows(deps, input.idNumber);
  const names = await clerkNames(deps.db);
  const applications: SubjectReport['applications'] = [];
  for (const row of rows) {
    const history = await listAuditBySubject(deps.db, row.id);
    const labels = await listLabelJobs(deps.db, row.id);
    applications.push({
      ...subjectApplication(row, names),
      signedAt: row.signedAt,
      decidedAt: row.decidedAt,
      purgedAt: row.purgedAt,
      phoneConfirmation: row.phoneConfirmation,
      refusalReasons: row.refusalReasons,
      personal: row.personal ? (JSON.parse(deps.cipher.decrypt(row.personal, row.id).toString('utf8')) as Personal) : null,
      labels: labels.length,
      history: history.map((e) => ({ at: e.at, action: e.action, actorLogin: e.actorLogin })),
    });
  }
  // Reading a person's data is audited like opening their application: who, when, which ones.
  await audit(deps.db, deps, session, 'subject.reported', null, { applications: journalNos(rows) });
  return ok({
    idMasked: maskIdNumber(input.idNumber),
    generatedAt: deps.clock.now().toISOString(),
    generatedBy: session.fullName,
    officeName: deps.settings.values().officeName,
    applications,
    heldElsewhere: HELD_ELSEWHERE,
  });
}

export async function eraseSubject(
  deps: Deps,
  session: SessionRecord,
  input: ParsedInput<'subjects.erase'>,
): Promise<Result<SubjectEraseResult>> {
  const at = deps.clock.now().toISOString();
  const result = await deps.db.transaction(async (trx) => {
    const rows = await findByIdHash(trx, deps.cipher.hash('id', input.idNumber));
    const erasable = rows.filter((r) => eraseBlocker(r) === null);
    const erased = await purgeApplications(
      trx,
      erasable.map((r) => r.id),
      at,
    );
    await clearOutboxErrors(
      trx,
      erased.map((r) => r.id),
    );
    const kept = rows.flatMap((r) => {
      const blocker = erased.some((e) => e.id === r.id) ? null : eraseBlocker(r);
      return blocker ? [{ journalNo: r.journalNo, blocker }] : [];
    });
    await audit(trx, deps, session, 'subject.erased', null, {
      requestRef: input.requestRef,
      erased: erased.length,
      applications: journalNos(erased),
      kept: journalNos(kept),
    });
    return { erased: erased.length, kept };
  });
  // The erased rows go from the pre-upgrade backups too; the screen says what the erase reached.
  const backups = result.erased > 0 ? await deps.retention.afterErase() : { cleaned: [], removed: [], rows: 0 };
  return ok({ ...result, backups: { cleaned: backups.cleaned.length, removed: backups.removed.length } });
}
