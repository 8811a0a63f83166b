/** The database layer's public API: the main process imports from here only. */
export {
  openDatabase,
  closeDatabase,
  integrityCheck,
  isUniqueViolation,
  BACKUPS_KEPT,
  type OpenOptions,
  type OpenResult,
  type OpenErrorCode,
} from './connection';
export { migrations, type Migration } from './migrations/index';
export type { Db } from './types';
export {
  insertClerk,
  findClerkById,
  findClerkByLogin,
  listClerks,
  updateClerk,
  countClerks,
  countActiveAdmins,
  toPublicClerk,
  type ClerkRow,
  type ClerkPatch,
} from './repositories/clerks';
export { readSettings, writeSetting } from './repositories/settings';
export {
  appendAudit,
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
export { createFieldCipher, MASTER_KEY_BYTES, type FieldCipher, type HashKind } from './crypto';
export { readMeta, insertMeta } from './repositories/meta';
export {
  procedures,
  applicationStates,
  openStates,
  phoneConfirmations,
  formatJournalNo,
  nextJournalNumber,
  currentJournalSeq,
  insertApplication,
  insertApplications,
  INSERT_CHUNK_ROWS,
  findApplication,
  transitionApplication,
  findOpenByIdHash,
  findApprovedByIdHash,
  findByPhoneHash,
  findOneWithPersonal,
  listJournal,
  type Procedure,
  type ApplicationState,
  type PhoneConfirmation,
  type ApplicationRow,
  type NewApplication,
  type ApplicationPatch,
  type TransitionRequest,
  type JournalCursor,
  type JournalFilter,
  type JournalPage,
} from './repositories/applications';
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
  makeAllDue,
  listUndecided,
  countAwaitingDecision,
  type QueueRow,
  type OutboxState,
  type OutboxItem,
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
  listNotifications,
  countUnread,
  markNotificationsRead,
  type NotificationRow,
  type NotificationOutcome,
} from './repositories/notifications';
