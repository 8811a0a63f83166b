/** Main → renderer events, addressed to one transport client or to all of them. */
import type { EventName, EventPayload } from '../preload/contract';

export type Listener = (clientId: string | null, event: EventName, payload: unknown) => void;

export interface EventBus {
  /** `clientId` null: every client. */
  emit<E extends EventName>(clientId: string | null, event: E, payload: EventPayload<E>): void;
  listen(listener: Listener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<Listener>();
  return {
    emit(clientId, event, payload) {
      for (const l of listeners) l(clientId, event, payload);
    },
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
