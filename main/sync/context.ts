/**
 * What the sync worker's parts (main/sync/submissions.ts, main/sync/decisions.ts) are given by the
 * worker (main/sync/worker.ts): the dependencies, and the worker's own status and event hooks, so
 * the status bar and the listeners stay owned by the worker alone.
 */
import type { SyncStatus } from '../../preload/contract';
import type { CentralFailure } from '../central/client';
import type { Deps } from '../services/deps';
import type { BackoffPolicy } from './backoff';

export type DecidedEvent = { applicationId: string; clerkId: string; outcome: 'approved' | 'refused' | 'rejected' };

export type SyncContext = {
  deps: Pick<Deps, 'db' | 'clock' | 'log' | 'cipher'>;
  policy: BackoffPolicy;
  random: () => number;
  /** Patches the status the worker publishes. */
  update(patch: Partial<SyncStatus>): void;
  /** A registry request failed: logged and shown as the last error. */
  failed(failure: CentralFailure): void;
  /** Outcomes waiting to be told to the listeners; pushed inside a transaction, told after it. */
  decided: DecidedEvent[];
  /** Tells the listeners every outcome waiting in `decided`. */
  flushDecided(): void;
};
