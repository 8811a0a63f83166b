/**
 * The reference registry's decisions: accepted submissions are decided (decide.ts) once their
 * delay has passed, in submission order, on a timer; the feed GET /v1/decisions pages through them
 * by cursor.
 */
import { DecisionsQuery, toFieldProblems, type Decision, type DecisionsPage } from '../../main/central/schemas';
import { minskDate } from '../../main/domain/minsk-time';
import { decide } from './decide';
import type { FaultSpec, Prng } from './faults';
import { invalid, json, type Reply, type RouteContext } from './http';
import type { RegistryPerson } from './registry';
import type { RegistryStore } from './state';
import type { StatsRecorder } from './stats';
import { speaksFor } from './tokens';

const CURSOR_WIDTH = 12;

export interface DecisionQueue {
  /** Arms the timer for the head of store.pending, if it is not armed; call after adding to it. */
  schedule(): void;
  /** Clears the timer for good; pending ids stay in the store. */
  close(): void;
  /** GET /v1/decisions */
  list(ctx: RouteContext): Reply;
}

export function createDecisionQueue(ctx: {
  store: RegistryStore;
  people: ReadonlyMap<string, RegistryPerson>;
  now: () => Date;
  record: StatsRecorder;
  /** The current faults (`inventReasons`) and the PRNG that draws them. */
  faults: () => FaultSpec;
  prng: Prng;
}): DecisionQueue {
  const { store, people, now, record } = ctx;
  const { submissions, uids, confirmations, decisions, pending } = store;
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const decideOne = (id: string): Decision | null => {
    const stored = submissions.get(id);
    if (stored === undefined) return null;
    const at = now();
    const duplicatePending = store.duplicatePending.has(id);
    let verdict = decide(stored.body, { people, uids, confirmations, today: minskDate(at), now: at.toISOString(), duplicatePending });
    const invent = ctx.faults().inventReasons ?? 0;
    if (invent > 0 && ctx.prng.next() < invent) {
      // A code no client knows yet: the decision must still be applied and shown by its code.
      const code = `NEW_REASON_${String(ctx.prng.int(0, 9999)).padStart(4, '0')}`;
      verdict = { outcome: 'refused', reasons: verdict.outcome === 'refused' ? [...verdict.reasons, code] : [code] };
    }
    store.seq += 1;
    const base = { submissionId: id, cursor: String(store.seq).padStart(CURSOR_WIDTH, '0'), decidedAt: at.toISOString() };
    let decision: Decision;
    if (verdict.outcome === 'approved') {
      uids.set(stored.body.idNumber, verdict.effect);
      decision = { ...base, outcome: 'approved', uid: verdict.uid, temporaryPasswordSent: verdict.temporaryPasswordSent };
    } else {
      decision = { ...base, outcome: 'refused', reasons: verdict.reasons };
    }
    decisions.push(decision);
    store.decisionBySubmission.set(id, decision);
    record.decided(id);
    return decision;
  };

  const runDue = (): void => {
    timer = null;
    const t = performance.now();
    const made: Decision[] = [];
    while (pending[0] !== undefined && pending[0].dueAt <= t) {
      const head = pending.shift();
      const d = head === undefined ? null : decideOne(head.id);
      if (d !== null) made.push(d);
    }
    if (made.length > 0) store.save();
    // Listeners run after the save: whoever waits for a decision may read the state file at once.
    for (const d of made) record.announce(d);
    schedule();
  };

  const schedule = (): void => {
    const head = pending[0];
    if (closed || timer !== null || head === undefined) return;
    timer = setTimeout(runDue, Math.max(0, head.dueAt - performance.now()));
  };

  const list = ({ url, caller }: RouteContext): Reply => {
    const query = DecisionsQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return invalid('The query does not match the contract.', toFieldProblems(query.error.issues));
    const { after, limit } = query.data;
    if (after !== undefined && !/^[0-9]{1,20}$/.test(after)) {
      return invalid('Unknown cursor.', [{ path: '/after', code: 'invalid_cursor', message: 'Expected a cursor from a decision' }]);
    }
    // Cursors are sequence numbers: decision n sits at index n - 1.
    const start = after === undefined ? 0 : Number(after);
    // Test-only: some decisions are served transformed (malformed, another UID); the stored ones stay as made.
    const serve = (items: Decision[], next: string | null): Reply => {
      if (store.tampered.size === 0) return json(200, { items, next } satisfies DecisionsPage);
      return json(200, { items: items.map((d) => store.tampered.get(d.submissionId)?.(d) ?? d), next });
    };
    if (caller === null) {
      const items = decisions.slice(start, start + limit);
      const last = items[items.length - 1];
      return serve(items, start + limit < decisions.length && last !== undefined ? last.cursor : null);
    }
    // A desk's token: only the decisions on that desk's own submissions; the cursors stay the global ones.
    const mine = (d: Decision): boolean => {
      const body = submissions.get(d.submissionId)?.body;
      return body !== undefined && speaksFor(caller, body.officeCode, body.workstationId);
    };
    const items: Decision[] = [];
    let index = start;
    for (; index < decisions.length && items.length < limit; index++) {
      const d = decisions[index];
      if (d !== undefined && mine(d)) items.push(d);
    }
    const more = decisions.slice(index).some(mine);
    const last = items[items.length - 1];
    const next = more && last !== undefined ? last.cursor : null;
    return serve(items, next);
  };

  return {
    schedule,
    close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
    list,
  };
}
