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
  verifyAuditChain,
  auditHash,
  canonicalJson,
  GENESIS_HASH,
  type AuditInput,
  type AuditFilter,
  type AuditPage,
} from './repositories/audit';
