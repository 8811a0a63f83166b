/**
 * Who may call which channel. Enforced in the main process by the router for every call;
 * the renderer only uses it to hide what is not allowed.
 *  - public: no session needed (first run, login, app info)
 *  - 'signedIn': every logged-in clerk, whatever the role
 *  - a list of roles: exactly those roles
 * `whileLocked` channels still answer when the session is idle-locked.
 * `beforePasswordChange` channels still answer while the clerk must replace a password an
 * administrator chose; everything else is refused with `password_change_required`.
 */
import type { ChannelName } from './channels';
import type { Role } from './roles';

export type Access = 'public' | 'signedIn' | readonly Role[];

export interface Permission {
  access: Access;
  whileLocked?: boolean;
  beforePasswordChange?: boolean;
}

const SUPERVISION: readonly Role[] = ['supervisor'];
const ADMIN: readonly Role[] = ['admin'];
/** Procedures and the journal hold personal data: clerks and supervisors, never admins. */
const FRONT_DESK: readonly Role[] = ['clerk', 'supervisor'];
const ACCOUNT_MANAGERS: readonly Role[] = ['supervisor', 'admin'];

export const permissions: Record<ChannelName, Permission> = {
  'app.info': { access: 'public', whileLocked: true },
  'setup.createAdmin': { access: 'public' },
  'auth.session': { access: 'public', whileLocked: true },
  'auth.login': { access: 'public' },
  'auth.logout': { access: 'signedIn', whileLocked: true, beforePasswordChange: true },
  'auth.unlock': { access: 'signedIn', whileLocked: true, beforePasswordChange: true },
  'auth.heartbeat': { access: 'signedIn', beforePasswordChange: true },
  'auth.changePassword': { access: 'signedIn', beforePasswordChange: true },
  'clerks.list': { access: ACCOUNT_MANAGERS },
  'clerks.create': { access: ADMIN },
  'clerks.update': { access: ADMIN },
  'clerks.resetPassword': { access: ADMIN },
  'clerks.unlock': { access: ACCOUNT_MANAGERS },
  'clerks.roster': { access: ADMIN },
  'clerks.acknowledgeConflict': { access: ADMIN },
  'settings.get': { access: 'signedIn' },
  'settings.update': { access: ADMIN },
  'audit.list': { access: SUPERVISION },
  'audit.verify': { access: SUPERVISION },
  'audit.export': { access: SUPERVISION },
  // Counts and dates only, no personal data: the admin who sets the period sees its effect too.
  'retention.status': { access: ACCOUNT_MANAGERS },
  // Data-subject requests show and erase one person's data: the supervisor's decision alone.
  'subjects.find': { access: SUPERVISION },
  'subjects.report': { access: SUPERVISION },
  'subjects.erase': { access: SUPERVISION },
  // The office's figures: counts, journal numbers and clerks, no citizen's data; the supervisor's view.
  'reports.summary': { access: SUPERVISION },
  'reports.officeSummary': { access: SUPERVISION },
  'reports.endOfDay': { access: SUPERVISION },
  'reports.exportCsv': { access: SUPERVISION },
  'applications.checkDuplicates': { access: FRONT_DESK },
  'applications.create': { access: FRONT_DESK },
  'applications.get': { access: FRONT_DESK },
  'applications.markPrinted': { access: FRONT_DESK },
  'applications.sign': { access: FRONT_DESK },
  'applications.cancel': { access: FRONT_DESK },
  'journal.list': { access: FRONT_DESK },
  'print.page': { access: 'signedIn' },
  // Status shows in everyone's status bar; ports, tests and previews of the test label are set-up work.
  'devices.status': { access: 'signedIn', whileLocked: true },
  'devices.ports': { access: ADMIN },
  // A scan carries personal data: only the front desk takes it, and only once.
  'devices.takeScan': { access: FRONT_DESK },
  'devices.labelPreview': { access: ADMIN },
  'devices.testLabel': { access: ADMIN },
  'applications.label': { access: FRONT_DESK },
  'applications.printLabel': { access: FRONT_DESK },
  'sync.status': { access: 'signedIn', whileLocked: true },
  'sync.queue': { access: FRONT_DESK },
  'sync.now': { access: FRONT_DESK },
  'registry.setToken': { access: ADMIN },
  'phone.sendCode': { access: FRONT_DESK },
  'phone.verifyCode': { access: FRONT_DESK },
  'citizens.lookup': { access: FRONT_DESK },
  'notifications.list': { access: FRONT_DESK },
  'notifications.markRead': { access: FRONT_DESK },
  // IT's backups: the administrator's concern, never shown to a clerk mid-application.
  'backup.status': { access: ADMIN, whileLocked: true },
  // Set-up work: paths, ports and versions, no personal data; it also opens the ports and calls the registry.
  'readiness.run': { access: ADMIN },
  // The header's «Обновление загружено» is the admin's to see (clerks just close the app at the end of the day).
  'updates.state': { access: ADMIN },
};

export const mayCall = (channel: ChannelName, role: Role | null): boolean => {
  const { access } = permissions[channel];
  if (access === 'public') return true;
  if (role === null) return false;
  return access === 'signedIn' || access.includes(role);
};
