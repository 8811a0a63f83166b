/**
 * Asking the registry before the citizen signs (issue 13, central-api.yaml 1.1): the person's
 * UidStatus is read when an application is created, and again at signing when it was created while
 * the registry did not answer. What the registry is bound to refuse is refused at the counter, with
 * the registry's own reason code, instead of days later by its decision.
 *
 * `registryRefusal` is the pure rule (tested with a table); `readUidStatus` is the one request.
 */
import { formatMinskDateTime } from '../domain/minsk-time';
import { refusalReasonMessages, type PhoneDeferredReason, type Procedure, type RefusalReason } from '../../preload/contract';
import type { UidStatus } from '../central/schemas';
import type { Deps } from './deps';

/** The citizen waits at the counter: a registry that does not answer within this counts as unreachable. */
const CHECK_TIMEOUT_MS = 5000;

export type UidCheck = { online: true; status: UidStatus } | { online: false; reason: PhoneDeferredReason };

/**
 * The person's UID state, or why it cannot be known now. Any failure counts as "the registry does
 * not answer" (no connection, 5xx, 429, a garbage body, a refused token): the desk keeps working
 * offline, the application is marked unchecked and the registry decides later.
 */
export async function readUidStatus(deps: Pick<Deps, 'sync' | 'log'>, idNumber: string): Promise<UidCheck> {
  const api = deps.sync.client();
  if (api === null) return { online: false, reason: 'registry_not_configured' };
  const r = await api.uid(idNumber, CHECK_TIMEOUT_MS);
  if (r.ok) return { online: true, status: r.value };
  deps.sync.reportOffline(r.failure);
  deps.log.warn('registry check: UID state not read', {
    kind: r.failure.kind,
    ...(r.failure.kind !== 'network' && { status: r.failure.status }),
  });
  return { online: false, reason: 'registry_unreachable' };
}

export type RegistryRefusal = {
  code: 'registry_refused' | 'recent_application';
  /** The refusal code the registry would give (or `RECENT_APPLICATION`, ours). */
  reason: RefusalReason | 'RECENT_APPLICATION';
  params?: Record<string, string>;
  /** Russian, for the clerk: what happened and what to do. */
  message: string;
};

const DAY_MS = 86_400_000;

/** What the registry would refuse for this UID state (DOMAIN.md 1.2): null when the procedure may go ahead. */
function stateReason(procedure: Procedure, state: UidStatus['state']): RefusalReason | null {
  switch (procedure) {
    case 'issue':
      return state === 'none' ? null : 'UID_ALREADY_ASSIGNED';
    case 'block':
      return state === 'none' ? 'UID_NOT_ASSIGNED' : state === 'blocked' ? 'UID_ALREADY_BLOCKED' : null;
    case 'unblock':
      return state === 'none' ? 'UID_NOT_ASSIGNED' : state === 'active' ? 'UID_NOT_BLOCKED' : null;
    case 'change_phone':
    case 'reset_password':
      return state === 'none' ? 'UID_NOT_ASSIGNED' : state === 'blocked' ? 'UID_ALREADY_BLOCKED' : null;
  }
}

const desk = (ref: { officeCode: string; workstationId: string }) => `рабочее место ${ref.workstationId} службы ${ref.officeCode}`;

/**
 * The refusal for a procedure given the registry's UidStatus, or null. Order: the UID state, then
 * an undecided application of the same procedure from any desk (`pending`), then a new password
 * approved within 24 hours (`recent`), which the clerk may override with `confirmRecent`.
 */
export function registryRefusal(
  procedure: Procedure,
  status: UidStatus,
  options: { confirmRecent: boolean; now: Date },
): RegistryRefusal | null {
  const reason = stateReason(procedure, status.state);
  if (reason !== null) {
    return { code: 'registry_refused', reason, message: `Реестр не примет это заявление. ${refusalReasonMessages[reason]}` };
  }
  const pending = (status.pending ?? []).find((p) => p.procedure === procedure);
  if (pending !== undefined) {
    const journalNo = pending.journalNo ?? '—';
    return {
      code: 'registry_refused',
      reason: 'DUPLICATE_PENDING',
      params: { officeCode: pending.officeCode, workstationId: pending.workstationId, journalNo },
      message:
        `Реестр уже рассматривает заявление этого гражданина на ту же процедуру: ${desk(pending)}, заявление № ${journalNo}. ` +
        'Дождитесь решения по нему; второе заявление не принимается.',
    };
  }
  if (procedure === 'reset_password' && !options.confirmRecent) {
    const since = options.now.getTime() - DAY_MS;
    const recent = (status.recent ?? []).find(
      (r) => r.procedure === 'reset_password' && r.outcome === 'approved' && Date.parse(r.decidedAt) >= since,
    );
    if (recent !== undefined) {
      const at = formatMinskDateTime(recent.decidedAt);
      return {
        code: 'recent_application',
        reason: 'RECENT_APPLICATION',
        params: {
          decidedAt: recent.decidedAt,
          officeCode: recent.officeCode,
          workstationId: recent.workstationId,
          journalNo: recent.journalNo ?? '—',
        },
        message:
          `Новый пароль этому гражданину уже выдан ${at} (${desk(recent)}). ` +
          'Уточните у гражданина, что нужен ещё один, и подтвердите повторную подачу.',
      };
    }
  }
  return null;
}
