/**
 * «Вся служба» (supervisor): the registry's office summary for a period — what it received from
 * every desk of the office, per day, procedure, desk, clerk and outcome. When it cannot be had
 * (not configured, offline, refused) the answer says so as a value with the reason: the screen
 * shows the desk's own figures and tells why the office's are missing.
 */
import { ok, type OfficeSummaryResult, type OfficeUnavailableReason, type ParsedInput, type Result } from '../../preload/contract';
import type { CentralFailure } from '../central/client';
import type { Deps } from './deps';

function reasonOf(failure: CentralFailure): OfficeUnavailableReason {
  if (failure.kind === 'network') return 'offline';
  if (failure.kind === 'http' && (failure.status === 401 || failure.status === 403)) return 'forbidden';
  return 'error';
}

export async function officeSummary(
  deps: Pick<Deps, 'settings' | 'sync'>,
  input: ParsedInput<'reports.officeSummary'>,
): Promise<Result<OfficeSummaryResult>> {
  const api = deps.sync.client();
  const { officeCode, workstationId } = deps.settings.values();
  // A desk that does not know its office yet cannot ask for one.
  if (api === null || officeCode === '') return ok({ available: false, reason: 'not_configured', status: null });
  const r = await api.officeSummary(officeCode, input.from, input.to);
  if (!r.ok) {
    // No answer means the registry is down for the sync worker too: it shows «не на связи» and retries.
    deps.sync.reportOffline(r.failure);
    return ok({ available: false, reason: reasonOf(r.failure), status: r.failure.kind === 'network' ? null : r.failure.status });
  }
  return ok({ available: true, workstationId, summary: r.value });
}
