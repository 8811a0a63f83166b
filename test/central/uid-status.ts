/**
 * GET /v1/uid/{idNumber} on the reference registry: the state of a citizen's UID, the phone masked,
 * and (1.1) the person's undecided submissions (`pending`) and those decided in the last 24 hours
 * (`recent`), from every workstation.
 */
import { toFieldProblems, type ApplicationRef, type RecentApplication, type UidStatus } from '../../main/central/schemas';
import { maskPhone } from '../../preload/contract/phone';
import { invalid, json, type Handler } from './http';
import { RegistryIdNumber } from './registry';
import type { RegistryStore, StoredSubmission } from './state';

const DAY_MS = 86_400_000;

/** The journal number a submission carries (1.1; absent from workstations that do not send it yet). */
function journalNoOf(body: object): string | undefined {
  const value: unknown = (body as Record<string, unknown>)['journalNo'];
  return typeof value === 'string' ? value : undefined;
}

export function applicationRef(s: StoredSubmission): ApplicationRef {
  const journalNo = journalNoOf(s.body);
  return {
    procedure: s.body.procedure,
    officeCode: s.body.officeCode,
    workstationId: s.body.workstationId,
    ...(journalNo !== undefined && { journalNo }),
    submittedAt: s.acceptedAt,
  };
}

export const uidStatusHandler =
  (store: Pick<RegistryStore, 'uids' | 'submissions' | 'pending' | 'decisions'>, now: () => Date): Handler =>
  ({ params }) => {
    let raw: string;
    try {
      raw = decodeURIComponent(params[0] ?? '');
    } catch {
      raw = params[0] ?? '';
    }
    const parsed = RegistryIdNumber.safeParse(raw);
    if (!parsed.success) return invalid('The identification number is malformed.', toFieldProblems(parsed.error.issues, ['idNumber']));
    const idNumber = parsed.data;
    const record = store.uids.get(idNumber);
    const pending: ApplicationRef[] = [];
    for (const p of store.pending) {
      const s = store.submissions.get(p.id);
      if (s !== undefined && s.body.idNumber === idNumber) pending.push(applicationRef(s));
    }
    const since = now().getTime() - DAY_MS;
    const recent: RecentApplication[] = [];
    // Newest last in the feed: walk back until the 24 hours are behind.
    for (let i = store.decisions.length - 1; i >= 0; i--) {
      const d = store.decisions[i];
      if (d === undefined || Date.parse(d.decidedAt) < since) break;
      const s = store.submissions.get(d.submissionId);
      if (s !== undefined && s.body.idNumber === idNumber)
        recent.push({ ...applicationRef(s), outcome: d.outcome, decidedAt: d.decidedAt });
    }
    // Left out when empty: the lists are optional in 1.1, and a 1.0 client sees the answer it knew.
    const lists = { ...(pending.length > 0 && { pending }), ...(recent.length > 0 && { recent }) };
    const body: UidStatus =
      record === undefined
        ? { idNumber, state: 'none', ...lists }
        : { idNumber, state: record.state, phoneMasked: maskPhone(record.phone), assignedAt: record.assignedAt, ...lists };
    return json(200, body);
  };
