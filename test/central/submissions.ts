/**
 * POST /v1/submissions on the reference registry: validation item by item, idempotency by id
 * (the same body again is a duplicate, another body under a known id a 409 for the whole request),
 * and acceptance into the decision queue.
 */
import { z } from 'zod';
import {
  MAX_SUBMISSIONS_PER_REQUEST,
  Submission,
  toFieldProblems,
  type FieldProblem,
  type SubmissionResult,
  type SubmissionsResponse,
} from '../../main/central/schemas';
import { invalid, json, problem, type Handler } from './http';
import { RegistryIdNumber } from './registry';
import { canonicalJson, type RegistryStore } from './state';
import type { StatsRecorder } from './stats';
import { speaksFor } from './tokens';

/** A submission as the registry takes it: the contract's, with the identification number's check digit enforced. */
const RegistrySubmission = Submission.safeExtend({ idNumber: RegistryIdNumber });

export function submissionsHandler(ctx: {
  store: RegistryStore;
  now: () => Date;
  decisionDelayMs: number;
  record: StatsRecorder;
  /** Called after accepted items were saved: the decision queue takes them from store.pending. */
  onAccepted: () => void;
}): Handler {
  const { store, now, decisionDelayMs, record } = ctx;
  const { submissions } = store;
  return ({ body, caller }) => {
    const envelope = z.strictObject({ items: z.array(z.unknown()) }).safeParse(body);
    if (!envelope.success) return invalid('The request body does not match the contract.', toFieldProblems(envelope.error.issues));
    const items = envelope.data.items;
    if (items.length > MAX_SUBMISSIONS_PER_REQUEST) {
      return problem(413, 'too-many-items', 'Content Too Large', {
        detail: `At most ${MAX_SUBMISSIONS_PER_REQUEST} items per request; got ${items.length}.`,
      });
    }
    if (items.length === 0) {
      return invalid('At least one item is required.', [{ path: '/items', code: 'too_small', message: 'Expected at least 1 item' }]);
    }

    // A token bound to one desk speaks for that desk only: another office's or desk's item is a
    // credential problem, not the item's, so the whole request is refused and nothing is stored.
    const foreign = items.findIndex((item) => {
      const fields = typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>) : {};
      return !speaksFor(caller, fields['officeCode'], fields['workstationId']);
    });
    if (foreign >= 0 && caller !== null) {
      return problem(403, 'wrong-office', 'Forbidden', {
        detail: `This token is for office ${caller.officeCode}, workstation ${caller.workstationId}; item ${foreign} is for another. Nothing in this request was processed.`,
        errors: [{ path: `/items/${foreign}/officeCode`, code: 'wrong_office', message: 'Not the office and workstation of this token' }],
      });
    }

    // Results are keyed by id: an item without a usable id cannot be answered on its own.
    const idProblems: FieldProblem[] = [];
    const ids = items.map((item, index) => {
      const raw: unknown =
        typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>)['id'] : undefined;
      const id = z.uuid().safeParse(raw);
      if (!id.success) idProblems.push(...toFieldProblems(id.error.issues, ['items', index, 'id']));
      return id.success ? id.data : '';
    });
    if (idProblems.length > 0) return invalid('Every item needs a UUID id (the idempotency key).', idProblems);

    // The same id with another body: answer 409 before touching anything, so nothing is half-done.
    const canonicals = items.map(canonicalJson);
    const firstInRequest = new Map<string, string>();
    const conflicts: FieldProblem[] = [];
    ids.forEach((id, index) => {
      const known = submissions.get(id)?.canonical ?? firstInRequest.get(id);
      const canonical = canonicals[index] ?? '';
      if (known === undefined) firstInRequest.set(id, canonical);
      else if (known !== canonical) {
        conflicts.push({
          path: `/items/${index}`,
          code: 'idempotency_conflict',
          message: `Submission ${id} was sent before with a different body`,
        });
      }
    });
    if (conflicts.length > 0) {
      const conflictingIds = [...new Set(conflicts.map((c) => ids[Number(c.path.split('/')[2])] ?? ''))];
      return problem(409, 'idempotency-conflict', 'Conflict', {
        detail: `Submission ${conflictingIds.join(', ')} was sent before with a different body; nothing in this request was processed.`,
        errors: conflicts,
        conflictingIds,
      });
    }

    const results: SubmissionResult[] = [];
    const acceptedAt = now().toISOString();
    const dueAt = performance.now() + decisionDelayMs;
    let changed = false;
    items.forEach((item, index) => {
      const id = ids[index] ?? '';
      const parsed = RegistrySubmission.safeParse(item);
      if (!parsed.success) {
        results.push({ id, status: 'rejected', problems: toFieldProblems(parsed.error.issues) });
      } else if (submissions.has(id)) {
        results.push({ id, status: 'duplicate' });
      } else {
        // 1.1 DUPLICATE_PENDING: the same procedure for the same person is still undecided (any workstation).
        const { idNumber, procedure } = parsed.data;
        const twin = store.pending.some((p) => {
          const other = submissions.get(p.id)?.body;
          return other !== undefined && other.idNumber === idNumber && other.procedure === procedure;
        });
        if (twin) store.duplicatePending.add(id);
        submissions.set(id, { body: parsed.data, canonical: canonicals[index] ?? '', acceptedAt });
        store.pending.push({ id, dueAt });
        record.accepted(id);
        changed = true;
        results.push({ id, status: 'accepted' });
      }
    });
    if (changed) {
      store.save();
      ctx.onAccepted();
    }
    return json(200, { results } satisfies SubmissionsResponse);
  };
}
