/** Audit action names: the only vocabulary of the audit log. */
export const auditActions = [
  'setup.admin_created',
  'auth.login',
  'auth.login_failed',
  'auth.account_locked',
  'auth.login_refused',
  'auth.logout',
  'auth.session_locked',
  'auth.session_unlocked',
  'clerk.created',
  'clerk.updated',
  'clerk.disabled',
  'clerk.enabled',
  'clerk.password_reset',
  'clerk.unlocked',
  'settings.updated',
  'audit.verified',
  'app.started',
  'app.stopped',
  'db.migrated',
] as const;

export type AuditAction = (typeof auditActions)[number];
