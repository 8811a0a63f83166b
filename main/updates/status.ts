/**
 * The updater's state as the rest of the app sees it: the Electron layer sets it from the update
 * controller; the header (admin) and the readiness check read it. The browser harness has none.
 */
import type { UpdateStatus } from '../../preload/contract';
import type { UpdateState } from './policy';

export interface UpdateStatusSource {
  current(): UpdateState;
  onChange(listener: (state: UpdateState) => void): () => void;
}

export interface UpdateStatusHolder extends UpdateStatusSource {
  set(state: UpdateState): void;
}

export function createUpdateStatus(initial: UpdateState = { status: 'idle' }): UpdateStatusHolder {
  let state = initial;
  const listeners = new Set<(state: UpdateState) => void>();
  return {
    current: () => state,
    set(next) {
      state = next;
      for (const l of [...listeners]) l(next);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The contract's view; `null`: no updater in this run. */
export function updateStatusView(state: UpdateState | null): UpdateStatus {
  if (state === null) return { status: 'none', version: null };
  const version = state.status === 'downloaded' ? state.version : state.status === 'downloading' ? state.version : null;
  return { status: state.status, version };
}
