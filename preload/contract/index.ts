export * from './channels';
export * from './errors';
export * from './events';
export * from './permissions';
export * from './roles';
export * from './audit';
export * from './api';
export * as schemas from './schemas';
export type { Session, Clerk, Settings, SettingKey, AppInfo, AuditEntry, AuditVerification } from './schemas';
