/**
 * The reference registry's audit anchors (central-api.yaml 1.1, /v1/audit-anchors): the head of
 * each workstation's audit chain as it was at each sync. Kept per workstation and seq: the same
 * head again is fine (a retried POST), a different head for a seq already anchored is the 409
 * that tells the workstation its log was rewritten. The store is kept by state.ts; server.ts routes
 * POST and GET to anchorHandlers.
 */
import { AuditAnchor, toFieldProblems, type FieldProblem } from '../../main/central/schemas';
import { invalid, json, problem, type Handler } from './http';

export type AnchorOutcome =
  { status: 201 } | { status: 409; detail: string; anchored: AuditAnchor } | { status: 422; detail: string; errors: FieldProblem[] };

export interface AnchorStore {
  record(body: unknown): AnchorOutcome;
  /** Newest first (by the time they were recorded). */
  list(limit: number): AuditAnchor[];
  /** Every anchor in recording order: the state file and tests. */
  all(): readonly AuditAnchor[];
}

export function createAnchorStore(saved: readonly AuditAnchor[], onChange: () => void): AnchorStore {
  const ordered: AuditAnchor[] = [...saved];
  const byKey = new Map(ordered.map((a) => [`${a.workstationId}\n${a.seq}`, a]));
  return {
    record(body) {
      const parsed = AuditAnchor.safeParse(body);
      if (!parsed.success)
        return { status: 422, detail: 'The anchor does not match the contract.', errors: toFieldProblems(parsed.error.issues) };
      const anchor = parsed.data;
      const key = `${anchor.workstationId}\n${anchor.seq}`;
      const earlier = byKey.get(key);
      if (earlier !== undefined) {
        if (earlier.headHash === anchor.headHash) return { status: 201 };
        return {
          status: 409,
          detail: `Workstation ${anchor.workstationId} anchored another head at seq ${anchor.seq} (${earlier.at}).`,
          anchored: earlier,
        };
      }
      byKey.set(key, anchor);
      ordered.push(anchor);
      onChange();
      return { status: 201 };
    },
    list: (limit) => ordered.slice(-limit).reverse(),
    all: () => ordered,
  };
}

/** POST and GET /v1/audit-anchors. */
export function anchorHandlers(anchors: AnchorStore): { post: Handler; list: Handler } {
  return {
    post: ({ body }) => {
      const outcome = anchors.record(body);
      if (outcome.status === 201) return { status: 201, headers: {}, body: '' };
      if (outcome.status === 409) return problem(409, 'anchor-conflict', 'Conflict', { detail: outcome.detail });
      return invalid(outcome.detail, outcome.errors);
    },
    list: ({ url }) => {
      const raw = url.searchParams.get('limit') ?? '100';
      const limit = /^[0-9]{1,3}$/.test(raw) ? Number(raw) : NaN;
      if (!(limit >= 1 && limit <= 500))
        return invalid('The query does not match the contract.', [{ path: '/limit', code: 'too_big', message: 'Expected 1..500' }]);
      return json(200, { items: anchors.list(limit) });
    },
  };
}
