/**
 * The channel and event names alone, without their schemas: all the preload bridge needs, so its
 * bundle carries neither zod nor the phone metadata (issue 18). The tables in channels.ts and
 * events.ts stay the one source of truth: their types check these lists at compile time, and
 * test/unit/preload-bridge.test.ts checks that they equal the tables' keys in order.
 */
export const channelNameList = [
  'app.info',
  'setup.createAdmin',
  'auth.session',
  'auth.login',
  'auth.logout',
  'auth.unlock',
  'auth.heartbeat',
  'auth.changePassword',
  'clerks.list',
  'clerks.create',
  'clerks.update',
  'clerks.resetPassword',
  'clerks.unlock',
  'clerks.roster',
  'clerks.acknowledgeConflict',
  'settings.get',
  'settings.update',
  'audit.list',
  'audit.verify',
  'audit.export',
  'retention.status',
  'subjects.find',
  'subjects.report',
  'subjects.erase',
  'reports.summary',
  'reports.officeSummary',
  'reports.endOfDay',
  'reports.exportCsv',
  'applications.checkDuplicates',
  'applications.create',
  'applications.get',
  'applications.markPrinted',
  'applications.sign',
  'applications.cancel',
  'journal.list',
  'print.page',
  'devices.status',
  'devices.ports',
  'devices.takeScan',
  'devices.labelPreview',
  'devices.testLabel',
  'applications.label',
  'applications.printLabel',
  'sync.status',
  'sync.queue',
  'sync.now',
  'registry.setToken',
  'phone.sendCode',
  'phone.verifyCode',
  'citizens.lookup',
  'notifications.list',
  'notifications.markRead',
  'backup.status',
  'readiness.run',
  'updates.state',
] as const;

export const eventNameList = [
  'session.changed',
  'settings.changed',
  'devices.status',
  'devices.scan',
  'labels.changed',
  'sync.status',
  'applications.decided',
  'backup.status',
  'updates.changed',
] as const;

export type BridgeChannelName = (typeof channelNameList)[number];
export type BridgeEventName = (typeof eventNameList)[number];

const bridgeEvents: ReadonlySet<string> = new Set(eventNameList);
export const isBridgeEventName = (name: string): name is BridgeEventName => bridgeEvents.has(name);

/** `true` when A and B are the same union of names, else `false`. */
export type SameUnion<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Any argument other than `true` is a compile error: how the tables check the lists above. */
export type Holds<T extends true> = T;
