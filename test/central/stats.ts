/**
 * What tests observe about the reference registry beyond its answers: how often a submission was
 * accepted or decided (idempotency), requests and injected faults, and waiting for a decision.
 */
import { EventEmitter } from 'node:events';
import type { Decision } from '../../main/central/schemas';
import type { FaultKind } from './faults';
import type { RegistryStore } from './state';

export interface CentralStats {
  /** How many times this id was accepted as new (0 or 1 unless idempotency is broken). */
  acceptedCount(submissionId: string): number;
  readonly totalAccepted: number;
  /** How many decisions this id got (0 or 1). */
  decisionsCount(submissionId: string): number;
  readonly totalDecisions: number;
  /** Requests received, faulted ones included. */
  readonly requests: number;
  /** Faults applied, per kind. */
  faultCount(kind: FaultKind): number;
  /** Called after each decision is stored (and saved). Returns the unsubscribe function. */
  onDecision(listener: (decision: Decision) => void): () => void;
  /** Resolves with the decision on this submission, at once if it exists; rejects after timeoutMs. */
  waitForDecision(submissionId: string, timeoutMs?: number): Promise<Decision>;
}

/** The server's side of the stats: it counts, tests read. */
export interface StatsRecorder {
  accepted(submissionId: string): void;
  decided(submissionId: string): void;
  /** Tells the listeners; called once the decision is saved. */
  announce(decision: Decision): void;
  request(): void;
  fault(kind: FaultKind): void;
}

export function createStats(store: Pick<RegistryStore, 'submissions' | 'decisionBySubmission'>): {
  stats: CentralStats;
  record: StatsRecorder;
} {
  const acceptedCounts = new Map<string, number>();
  const decisionCounts = new Map<string, number>();
  const faultCounts = new Map<FaultKind, number>();
  let totalAccepted = 0;
  let totalDecisions = 0;
  let requests = 0;
  const events = new EventEmitter();
  events.setMaxListeners(0);

  const stats: CentralStats = {
    acceptedCount: (id) => acceptedCounts.get(id) ?? 0,
    get totalAccepted() {
      return totalAccepted;
    },
    decisionsCount: (id) => decisionCounts.get(id) ?? 0,
    get totalDecisions() {
      return totalDecisions;
    },
    get requests() {
      return requests;
    },
    faultCount: (kind) => faultCounts.get(kind) ?? 0,
    onDecision(listener) {
      events.on('decision', listener);
      return () => events.off('decision', listener);
    },
    waitForDecision(submissionId, timeoutMs = 10_000) {
      const existing = store.decisionBySubmission.get(submissionId);
      if (existing !== undefined) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const listener = (d: Decision): void => {
          if (d.submissionId !== submissionId) return;
          clearTimeout(timer);
          events.off('decision', listener);
          resolve(d);
        };
        const timer = setTimeout(() => {
          events.off('decision', listener);
          const where = store.submissions.has(submissionId) ? 'accepted, still pending' : 'never accepted';
          reject(new Error(`no decision on ${submissionId} within ${timeoutMs} ms (${where})`));
        }, timeoutMs);
        events.on('decision', listener);
      });
    },
  };

  const record: StatsRecorder = {
    accepted(id) {
      acceptedCounts.set(id, (acceptedCounts.get(id) ?? 0) + 1);
      totalAccepted += 1;
    },
    decided(id) {
      decisionCounts.set(id, (decisionCounts.get(id) ?? 0) + 1);
      totalDecisions += 1;
    },
    announce(decision) {
      events.emit('decision', decision);
    },
    request() {
      requests += 1;
    },
    fault(kind) {
      faultCounts.set(kind, (faultCounts.get(kind) ?? 0) + 1);
    },
  };

  return { stats, record };
}
