import type { Knex } from 'knex';
import type { AuditAction, ReadinessReport } from '../../preload/contract';
import { appendAudit, type FieldCipher } from '../../db';
import type { Clock } from '../clock';
import type { DeviceManager } from '../devices/manager';
import type { SyncWorker } from '../sync/worker';
import type { TokenStore } from '../sync/token';
import type { PhoneConfirmations } from './registry';
import type { EventBus } from '../events';
import type { Logger } from '../log';
import type { SessionRecord, Sessions } from '../sessions';
import type { SettingsStore } from './settings';
import type { Retention } from './privacy';
import type { BackupService } from '../backup/service';
import type { UpdateStatusSource } from '../updates/status';

/** What every use case may depend on. Built once in the composition root. */
export interface Deps {
  db: Knex;
  clock: Clock;
  log: Logger;
  sessions: Sessions;
  bus: EventBus;
  settings: SettingsStore;
  /** Encrypts personal fields and makes their lookup hashes. */
  cipher: FieldCipher;
  /** Null where the transport cannot print (the browser harness prints from the page). */
  printPage: ((clientId: string, title: string) => Promise<boolean>) | null;
  appVersion: string;
  transport: 'ipc' | 'http';
  /** Training and demo mode (banner «Учебный режим»). */
  demo: boolean;
  /** The card reader and the label printer of this workstation. */
  devices: DeviceManager;
  /** Sends the outbox and applies decisions (main/sync/worker.ts). */
  sync: SyncWorker;
  /** The registry bearer token (never leaves the main process). */
  token: TokenStore;
  /** SMS confirmations verified in this run. */
  phones: PhoneConfirmations;
  /** Purges personal data past the retention period and compacts the file. */
  retention: Retention;
  /** Backups to IT's folder (main/backup/service.ts). */
  backups: BackupService;
  /** The updater's state (Electron); null in the browser harness, which has no updater. */
  updates: UpdateStatusSource | null;
  /** «Проверка рабочего места» for the client that asked (main/readiness). */
  readiness: (clientId: string) => Promise<ReadinessReport>;
}

export type Actor = Pick<SessionRecord, 'clerkId' | 'login'> | null;

/** Appends an audit row inside the caller's transaction. Details never carry personal data. */
export function audit(
  db: Knex | Knex.Transaction,
  deps: Pick<Deps, 'clock'>,
  actor: Actor,
  action: AuditAction,
  subject: string | null,
  details: Record<string, unknown> = {},
) {
  return appendAudit(db, {
    at: deps.clock.now().toISOString(),
    actorId: actor?.clerkId ?? null,
    actorLogin: actor?.login ?? null,
    action,
    subject,
    details,
  });
}
