/** The database layer's public API: the main process imports from here only. */
export {
  openDatabase,
  closeDatabase,
  openReader,
  integrityCheck,
  compactDatabase,
  listBackups,
  removeBackups,
  type BackupFile,
  isUniqueViolation,
  BACKUPS_KEPT,
  type OpenOptions,
  type OpenResult,
  type OpenErrorCode,
} from './connection';
export { migrations, type Migration } from './migrations/index';
export { ensurePrivateDir, ensurePrivateFile, tightenTree, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './private-files';
export type { Db } from './types';
export { checkInBackground, damageMarkerOf, FULL_CHECK_AT_OPEN_MAX_BYTES, type BackgroundCheck } from './integrity';
export { writeTransaction, insertOf, type WriteSession, type Sql } from './write-session';
export {
  insertClerk,
  findClerkById,
  findClerkByLogin,
  listClerks,
  clerkNames,
  updateClerk,
  countClerks,
  countActiveAdmins,
  toPublicClerk,
  countFailedAttempt,
  recordLogin,
  type ClerkRow,
  type ClerkPatch,
  type CountedAttempt,
} from './repositories/clerks';
export { readSettings, writeSetting } from './repositories/settings';
export {
  appendAudit,
  appendAudits,
  listAudit,
  listAuditBySubject,
  verifyAuditChain,
  auditHash,
  canonicalJson,
  GENESIS_HASH,
  type AuditInput,
  type AuditFilter,
  type AuditPage,
} from './repositories/audit';
export {
  AUDIT_CHAIN_META,
  KEYED_CHAIN,
  chainHashOf,
  isAuditChainKeyed,
  keyedAuditHash,
  useAuditChainKey,
  type ChainHash,
  type VerifyOptions,
} from './repositories/audit';
export { AUDIT_TEXT_MAX, scrubAuditDetails, scrubAuditText } from './repositories/audit-text';
export { rechainAudit, type Rechained } from './repositories/audit-rechain';
export { compareWithAnchors, readAuditHead, type AnchorComparison } from './repositories/audit-anchors';
export { createFieldCipher, MASTER_KEY_BYTES, type FieldCipher, type HashKind } from './crypto';
export { deriveAuditChainKey } from './crypto';
export { readMeta, insertMeta } from './repositories/meta';
export {
  procedures,
  applicationStates,
  openStates,
  phoneConfirmations,
  INSERT_CHUNK_ROWS,
  NOT_YET_STAMPED,
  type Procedure,
  type ApplicationState,
  type PhoneConfirmation,
  type ApplicationRow,
  type NewApplication,
  type ApplicationPatch,
} from './repositories/applications-row';
export {
  formatJournalNo,
  formatLegacyJournalNo,
  isWorkstationNumber,
  numberedAs,
  nextJournalNumber,
  currentJournalSeq,
  insertApplication,
  insertApplications,
  createApplication,
  type CreateRequest,
  type CreateOutcome,
} from './repositories/applications-create';
export {
  findApplication,
  findApplications,
  findOpenByIdHash,
  findApprovedByIdHash,
  findByPhoneHash,
  findByIdHash,
  findOneWithPersonal,
  hasApplications,
  listJournal,
  type JournalCursor,
  type JournalFilter,
  type JournalPage,
} from './repositories/applications-read';
export {
  decideMany,
  transitionMany,
  transitionApplication,
  type DecidedMove,
  type TransitionRequest,
} from './repositories/applications-transitions';
export {
  closedStates,
  purgeClosedBefore,
  purgeApplications,
  countHolding,
  type PurgedApplication,
} from './repositories/applications-retention';
export {
  outboxStates,
  enqueue,
  findOutboxItem,
  pendingBatch,
  markSent,
  markRejected,
  recordFailure,
  countPending,
  oldestPending,
  nextDueAt,
  markSentMany,
  makeAllDue,
  listUndecided,
  countAwaitingDecision,
  clearOutboxErrors,
  type QueueRow,
  type OutboxState,
  type OutboxItem,
  type OutboxCursor,
  type DeskFields,
  type FailedAttempt,
} from './repositories/outbox';
export {
  labelKinds,
  labelStates,
  insertLabelJob,
  markLabelPrinted,
  markQueuedUnconfirmed,
  listLabelJobs,
  findLabelJob,
  type LabelKind,
  type LabelState,
  type LabelJobRow,
} from './repositories/labels';
export { writeMeta } from './repositories/meta';
export {
  insertNotification,
  insertNotifications,
  listNotifications,
  countUnread,
  markNotificationsRead,
  type NotificationRow,
  type NotificationOutcome,
} from './repositories/notifications';
export {
  countPeriod,
  countDayEvents,
  listOpenAt,
  listPeriodApplications,
  type PeriodCounts,
  type DayEvents,
  type OpenApplicationRow,
  type ExportRow,
} from './repositories/reports';
export { cancelAbandoned, abandonableStates, type CancelledAbandoned } from './repositories/abandoned';
export { purgeBackups, type BackupPurge } from './backup-purge';
export {
  enqueueRosterChange,
  pendingRosterChanges,
  countRosterPending,
  findRosterOutbox,
  rosterVersionOf,
  writeRosterVersion,
  settleRosterPush,
  dropRosterChange,
  markRosterPushFailed,
  insertRosterConflict,
  openRosterConflicts,
  acknowledgeRosterConflict,
  type RosterVersion,
  type RosterOutboxItem,
  type RosterConflict,
} from './repositories/roster';
