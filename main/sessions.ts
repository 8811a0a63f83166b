/**
 * Clerk sessions, one per transport client (an Electron window, or a browser context of the
 * harness). Kept in memory only: a restart logs everybody out, which is what a public office
 * wants. Idle sessions are locked, not ended, so the screen's unsaved work survives.
 */
import type { Role } from '../preload/contract';
import type { Clock } from './clock';
import type { EventBus } from './events';

export interface SessionRecord {
  clerkId: string;
  login: string;
  fullName: string;
  role: Role;
  state: 'active' | 'locked';
  lastActivity: number;
  /** The password was chosen by an administrator: nothing but changing it is allowed. */
  mustChangePassword: boolean;
}

export interface Sessions {
  current(clientId: string): SessionRecord | null;
  start(clientId: string, clerk: Omit<SessionRecord, 'state' | 'lastActivity'>): SessionRecord;
  touch(clientId: string): void;
  unlock(clientId: string): SessionRecord | null;
  end(clientId: string, reason: string): void;
  /** Ends every session of a clerk (account disabled, role changed), but `keep`'s if given; returns how many. */
  endForClerk(clerkId: string, reason: string, keep?: string): number;
  /** The clerk replaced an administrator's password: the session may do its work. */
  passwordChanged(clientId: string): SessionRecord | null;
  /** Locks the sessions idle for longer than the limit; returns the records it locked. */
  lockIdle(): Array<{ clientId: string; session: SessionRecord }>;
  lockAt(clientId: string): Date | null;
  setIdleMinutes(minutes: number): void;
  idleMinutes(): number;
  /** Called after a session ended, for whatever it held (untaken scans, phone confirmations). */
  onEnded(listener: (clientId: string, session: SessionRecord, reason: string) => void): () => void;
  /** The clients signed in with this role (events meant for administrators only). */
  clientsWithRole(role: Role): string[];
}

export function createSessions(clock: Clock, bus: EventBus, initialIdleMinutes: number): Sessions {
  const byClient = new Map<string, SessionRecord>();
  let idleMs = initialIdleMinutes * 60_000;
  const now = () => clock.now().getTime();
  const endedListeners = new Set<(clientId: string, session: SessionRecord, reason: string) => void>();
  const finish = (clientId: string, s: SessionRecord, reason: string) => {
    byClient.delete(clientId);
    bus.emit(clientId, 'session.changed', { state: 'ended', reason });
    for (const l of [...endedListeners]) l(clientId, s, reason);
  };

  return {
    current: (clientId) => byClient.get(clientId) ?? null,
    start(clientId, clerk) {
      const record: SessionRecord = { ...clerk, state: 'active', lastActivity: now() };
      byClient.set(clientId, record);
      return record;
    },
    touch(clientId) {
      const s = byClient.get(clientId);
      if (s && s.state === 'active') s.lastActivity = now();
    },
    unlock(clientId) {
      const s = byClient.get(clientId);
      if (!s) return null;
      s.state = 'active';
      s.lastActivity = now();
      bus.emit(clientId, 'session.changed', { state: 'active' });
      return s;
    },
    end(clientId, reason) {
      const s = byClient.get(clientId);
      if (s) finish(clientId, s, reason);
    },
    endForClerk(clerkId, reason, keep) {
      let n = 0;
      for (const [clientId, s] of byClient) {
        if (s.clerkId !== clerkId || clientId === keep) continue;
        finish(clientId, s, reason);
        n++;
      }
      return n;
    },
    passwordChanged(clientId) {
      const s = byClient.get(clientId);
      if (s) s.mustChangePassword = false;
      return s ?? null;
    },
    lockIdle() {
      const locked: Array<{ clientId: string; session: SessionRecord }> = [];
      const t = now();
      for (const [clientId, s] of byClient) {
        if (s.state === 'active' && t - s.lastActivity >= idleMs) {
          s.state = 'locked';
          bus.emit(clientId, 'session.changed', { state: 'locked', reason: 'idle' });
          locked.push({ clientId, session: s });
        }
      }
      return locked;
    },
    lockAt(clientId) {
      const s = byClient.get(clientId);
      return s ? new Date(s.lastActivity + idleMs) : null;
    },
    setIdleMinutes(minutes) {
      idleMs = minutes * 60_000;
    },
    idleMinutes: () => idleMs / 60_000,
    onEnded(listener) {
      endedListeners.add(listener);
      return () => endedListeners.delete(listener);
    },
    clientsWithRole: (role) => [...byClient].filter(([, s]) => s.role === role).map(([clientId]) => clientId),
  };
}
