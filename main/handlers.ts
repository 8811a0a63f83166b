/**
 * Every channel of the contract mapped to its use case. The `Handlers` type makes a missing
 * channel a compile error; the router has already checked input, session and role.
 */
import { defaultMessages, fail, ok, type Result } from '../preload/contract';
import { countClerks } from '../db';
import type { CallContext, Handlers } from './router';
import type { SessionRecord } from './sessions';
import * as applications from './services/applications';
import * as auth from './services/auth';
import * as clerks from './services/clerks';
import * as auditLog from './services/audit-log';
import { audit, type Deps } from './services/deps';
import * as privacy from './services/privacy';
import { takeScan } from './services/scans';
import * as labels from './services/labels';
import * as registry from './services/registry';
import * as reports from './services/reports';
import { officeSummary } from './services/office-report';
import { acknowledgeConflict, rosterStatus } from './services/roster-status';
import * as syncViews from './services/sync-views';
import { setRegistryToken, updateSettings, view } from './services/settings';
import { listSerialPorts } from './devices/serial-link';
import { updateStatusView } from './updates/status';

/** For channels that need a session: the router guarantees one, this narrows the type. */
function withSession<I, O>(run: (session: SessionRecord, input: I) => Promise<Result<O>>) {
  return async (ctx: CallContext, input: I): Promise<Result<O>> =>
    ctx.session ? run(ctx.session, input) : fail('unauthenticated', defaultMessages.unauthenticated);
}

export function createHandlers(deps: Deps): Handlers {
  return {
    'app.info': async () => {
      const s = deps.settings.values();
      return ok({
        name: 'Окно',
        version: deps.appVersion,
        setupRequired: (await countClerks(deps.db)) === 0,
        officeCode: s.officeCode,
        officeName: s.officeName,
        workstationId: s.workstationId,
        language: s.language,
        transport: deps.transport,
        demo: deps.demo,
      });
    },
    'setup.createAdmin': (ctx, input) => auth.createAdmin(deps, ctx, input),
    'auth.session': async (ctx) => ok(auth.currentSession(deps, ctx)),
    'auth.login': (ctx, input) => auth.login(deps, ctx, input),
    'auth.logout': (ctx) => auth.logout(deps, ctx),
    'auth.unlock': (ctx, input) => auth.unlock(deps, ctx, input),
    'auth.heartbeat': async (ctx) => auth.heartbeat(deps, ctx),
    'auth.changePassword': (ctx, input) => auth.changePassword(deps, ctx, input),
    'clerks.list': () => clerks.list(deps),
    'clerks.create': withSession((s, input) => clerks.create(deps, s, input)),
    'clerks.update': withSession((s, input) => clerks.update(deps, s, input)),
    'clerks.resetPassword': withSession((s, input) => clerks.resetPassword(deps, s, input)),
    'clerks.unlock': withSession((s, input) => clerks.unlock(deps, s, input)),
    'clerks.roster': () => rosterStatus(deps),
    'clerks.acknowledgeConflict': withSession((s, input) => acknowledgeConflict(deps, s, input)),
    'settings.get': async () => ok(view(deps.settings, deps.token)),
    'settings.update': withSession((s, input) => updateSettings(deps, s, input)),
    'audit.list': (_ctx, input) => auditLog.list(deps, input),
    'audit.verify': withSession((s) => auditLog.verify(deps, s)),
    'audit.export': withSession((s, input) => auditLog.exportCsv(deps, s, input)),
    'retention.status': async () => ok(await deps.retention.status()),
    'subjects.find': withSession((s, input) => privacy.findSubject(deps, s, input)),
    'subjects.report': withSession((s, input) => privacy.subjectReport(deps, s, input)),
    'subjects.erase': withSession((s, input) => privacy.eraseSubject(deps, s, input)),
    'reports.summary': (_ctx, input) => reports.summary(deps, input),
    'reports.officeSummary': (_ctx, input) => officeSummary(deps, input),
    'reports.endOfDay': withSession((s, input) => reports.endOfDay(deps, s, input)),
    'reports.exportCsv': withSession((s, input) => reports.exportCsv(deps, s, input)),
    'applications.checkDuplicates': withSession((s, input) => applications.checkDuplicates(deps, s, input)),
    'applications.create': withSession((s, input) => applications.create(deps, s, input)),
    'applications.get': withSession((s, input) => applications.get(deps, s, input.id)),
    'applications.markPrinted': withSession((s, input) => applications.markPrinted(deps, s, input.id)),
    'applications.sign': withSession(async (s, input) => {
      const signed = await applications.sign(deps, s, input.id);
      // The label follows the signature; a printer problem never undoes or fails the signing.
      if (signed.ok) {
        await labels.queueFirstLabel(deps, s, signed.value);
        deps.sync.kick();
        deps.backups.afterSigning();
      }
      return signed;
    }),
    'applications.cancel': withSession((s, input) => applications.cancel(deps, s, input)),
    'journal.list': withSession((s, input) => applications.journal(deps, s, input)),
    'devices.status': async () => ok(deps.devices.status()),
    'devices.ports': async () => ok({ ports: await listSerialPorts() }),
    'devices.takeScan': withSession((s, input) => takeScan(deps, s, input.scanId)),
    'devices.labelPreview': withSession(async (s) => ok(labels.testLabelPreview(deps, s))),
    'devices.testLabel': withSession((s) => labels.printTestLabel(deps, s)),
    'applications.label': (_ctx, input) => labels.applicationLabel(deps, input.id),
    'applications.printLabel': withSession((s, input) => labels.reprintLabel(deps, s, input.id)),
    'sync.status': async () => ok(deps.sync.status()),
    'sync.queue': () => syncViews.queue(deps),
    'sync.now': async () => ok(await deps.sync.sendNow()),
    'registry.setToken': withSession((s, input) => setRegistryToken(deps, s, input)),
    'phone.sendCode': withSession((s, input) => registry.sendCode(deps, s, input)),
    'phone.verifyCode': withSession((s, input) => registry.verifyCode(deps, s, input)),
    'citizens.lookup': withSession((s, input) => registry.lookup(deps, s, input)),
    'notifications.list': withSession((s) => syncViews.notifications(deps, s)),
    'notifications.markRead': withSession((s, input) => syncViews.markRead(deps, s, input)),
    'backup.status': async () => ok(deps.backups.status()),
    'readiness.run': async (ctx) => {
      const report = await deps.readiness(ctx.clientId);
      await audit(deps.db, deps, ctx.session, 'readiness.checked', null, {
        ready: report.ready,
        failed: report.lines.filter((l) => l.status === 'fail').map((l) => l.id),
      });
      return ok(report);
    },
    'updates.state': async () => ok(updateStatusView(deps.updates?.current() ?? null)),
    'print.page': async (ctx, input) => {
      if (!deps.printPage) return ok({ method: 'browser' as const, printed: false });
      return ok({ method: 'webContents' as const, printed: await deps.printPage(ctx.clientId, input.title) });
    },
  };
}
