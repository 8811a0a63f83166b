/**
 * The one table of channels: `feature.verb` → input schema → output schema. Transports,
 * the preload bridge, the renderer API and the permission walk are all generated from it;
 * no channel name is written anywhere else.
 */
import { z } from 'zod';
import type { BridgeChannelName, Holds, SameUnion } from './channel-names';
import * as a from './applications';
import * as b from './backup';
import * as d from './devices';
import * as p from './privacy';
import * as q from './readiness';
import * as r from './reports';
import * as ro from './roster';
import * as s from './schemas';
import * as y from './sync';

const def = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const channels = {
  'app.info': def(s.empty, s.appInfoSchema),

  'setup.createAdmin': def(s.setupInput, s.sessionSchema),

  'auth.session': def(s.empty, z.object({ session: s.sessionSchema.nullable() })),
  'auth.login': def(s.loginInput, s.sessionSchema),
  'auth.logout': def(s.empty, s.empty),
  'auth.unlock': def(s.unlockInput, s.sessionSchema),
  'auth.heartbeat': def(s.empty, z.object({ lockAt: z.string() })),
  'auth.changePassword': def(s.changePasswordInput, s.empty),

  'clerks.list': def(s.empty, z.object({ clerks: z.array(s.clerkSchema) })),
  'clerks.create': def(s.createClerkInput, s.clerkSchema),
  'clerks.update': def(s.updateClerkInput, s.clerkSchema),
  'clerks.resetPassword': def(s.resetPasswordInput, s.clerkSchema),
  'clerks.unlock': def(s.clerkIdInput, s.clerkSchema),
  'clerks.roster': def(s.empty, ro.rosterStatusSchema),
  'clerks.acknowledgeConflict': def(ro.acknowledgeConflictInput, ro.rosterStatusSchema),

  'settings.get': def(s.empty, s.settingsView),
  'settings.update': def(s.settingsUpdateInput, s.settingsView),

  'audit.list': def(s.auditListInput, z.object({ entries: z.array(s.auditEntrySchema), nextBeforeSeq: z.number().int().nullable() })),
  'audit.verify': def(s.empty, s.auditVerifySchema),
  'audit.export': def(s.auditExportInput, s.auditExportSchema),
  'retention.status': def(s.empty, p.retentionStatusSchema),
  'subjects.find': def(p.subjectInput, p.subjectFindResult),
  'subjects.report': def(p.subjectInput, p.subjectReportSchema),
  'subjects.erase': def(p.subjectEraseInput, p.subjectEraseResult),
  'reports.summary': def(r.reportPeriodInput, r.reportSummarySchema),
  'reports.officeSummary': def(r.reportPeriodInput, r.officeSummaryResultSchema),
  'reports.endOfDay': def(r.endOfDayInput, r.endOfDaySchema),
  'reports.exportCsv': def(r.reportCsvInput, r.reportCsvSchema),

  'applications.checkDuplicates': def(a.duplicateCheckInput, a.duplicatesSchema),
  'applications.create': def(a.applicationInput, a.applicationDetailSchema),
  'applications.get': def(a.applicationIdInput, a.applicationDetailSchema),
  'applications.markPrinted': def(a.applicationIdInput, a.applicationDetailSchema),
  'applications.sign': def(a.applicationIdInput, a.applicationDetailSchema),
  'applications.cancel': def(a.cancelInput, a.applicationDetailSchema),
  'journal.list': def(a.journalInput, a.journalPageSchema),

  'print.page': def(s.printInput, s.printResult),
  'devices.status': def(s.empty, d.devicesStatusSchema),
  'devices.ports': def(s.empty, d.portsSchema),
  'devices.takeScan': def(d.takeScanInput, d.scannedDocumentSchema),
  'devices.labelPreview': def(s.empty, d.labelPreviewSchema),
  'devices.testLabel': def(s.empty, d.testLabelResult),
  'applications.label': def(a.applicationIdInput, d.applicationLabelSchema),
  'applications.printLabel': def(a.applicationIdInput, d.applicationLabelSchema),
  'sync.status': def(s.empty, y.syncStatusSchema),
  'sync.queue': def(s.empty, y.queueSchema),
  'sync.now': def(s.empty, y.syncStatusSchema),
  'registry.setToken': def(y.setTokenInput, s.settingsView),
  'phone.sendCode': def(y.sendCodeInput, y.sendCodeResult),
  'phone.verifyCode': def(y.verifyCodeInput, y.verifyCodeResult),
  'citizens.lookup': def(y.lookupInput, y.lookupResult),
  'notifications.list': def(s.empty, y.notificationsSchema),
  'notifications.markRead': def(y.markReadInput, y.notificationsSchema),
  'backup.status': def(s.empty, b.backupStatusSchema),
  'readiness.run': def(s.empty, q.readinessReportSchema),
  'updates.state': def(s.empty, q.updateStatusSchema),
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ParsedInput<C extends ChannelName> = z.output<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;

export const channelNames = Object.keys(channels) as ChannelName[];
/** The bridge's list (channel-names.ts) names exactly this table's channels, or the typecheck fails. */
export type BridgeChannelsMatch = Holds<SameUnion<BridgeChannelName, ChannelName>>;
export const isChannelName = (name: string): name is ChannelName => Object.hasOwn(channels, name);
