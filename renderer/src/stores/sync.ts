/**
 * Sync store: the registry link as the main process last pushed it (`sync.status`; loaded once
 * when a session begins or becomes active again, then kept current by the event, never polled),
 * and the front desk's notifications about the registry's decisions (`notifications.list`; loaded
 * at the start of a session and again when `applications.decided` names this clerk).
 */
import { create } from 'zustand';
import { mayCall, type AppError, type Notification, type SyncStatus } from '../../../preload/contract';
import { api } from '../api';
import { useSession } from './session';

export type SyncState = {
  status: SyncStatus | null;
  /** Null until loaded, and for roles that get no notifications. */
  notifications: Notification[] | null;
  unread: number;
};

type SyncActions = {
  load: () => Promise<void>;
  onStatus: (status: SyncStatus) => void;
  loadNotifications: () => Promise<void>;
  /** Marks these notifications read; the main process's error when it refused. */
  markRead: (ids: readonly string[]) => Promise<AppError | null>;
  clear: () => void;
};

export const initialState: SyncState = { status: null, notifications: null, unread: 0 };

/** Bumped by every pushed status: a load answered after a newer event must not overwrite it. */
let statusVersion = 0;
/** Bumped by every notifications request: only the latest answer counts. */
let notificationsVersion = 0;
/** A decision arrived while the session was locked: fetch the notifications once it is active. */
let notificationsStale = false;

const receivesNotifications = (): boolean => {
  const session = useSession.getState().session;
  return session !== null && mayCall('notifications.list', session.role);
};

export const useSync = create<SyncState & SyncActions>()((set) => ({
  ...initialState,

  async load() {
    const version = statusVersion;
    const result = await api['sync.status']({});
    if (result.ok && version === statusVersion) set({ status: result.value });
  },

  onStatus(status) {
    statusVersion += 1;
    set({ status });
  },

  async loadNotifications() {
    if (!receivesNotifications()) return;
    const version = ++notificationsVersion;
    notificationsStale = false;
    const result = await api['notifications.list']({});
    if (result.ok && version === notificationsVersion) set({ notifications: result.value.items, unread: result.value.unread });
  },

  async markRead(ids) {
    if (ids.length === 0) return null;
    const version = ++notificationsVersion;
    const result = await api['notifications.markRead']({ ids: [...ids] });
    if (result.ok && version === notificationsVersion) set({ notifications: result.value.items, unread: result.value.unread });
    return result.ok ? null : result.error;
  },

  clear() {
    statusVersion += 1;
    notificationsVersion += 1;
    notificationsStale = false;
    set(initialState);
  },
}));

/**
 * Wires the store to the main process: the pushed status, decisions about this clerk's
 * applications, and a fresh load whenever a session begins or becomes active again (after an
 * unlock). Called once from the entry point.
 */
export function connectSync(): void {
  api.on('sync.status', (status) => useSync.getState().onStatus(status));
  api.on('applications.decided', (event) => {
    const session = useSession.getState().session;
    if (!session || event.clerkId !== session.clerkId || !receivesNotifications()) return;
    if (session.state === 'active') void useSync.getState().loadNotifications();
    else notificationsStale = true;
  });
  api.on('session.changed', (event) => {
    if (event.state !== 'active') return;
    void useSync.getState().load();
    if (notificationsStale) void useSync.getState().loadNotifications();
  });
  useSession.subscribe((state, previous) => {
    if (state.session && !previous.session) {
      void useSync.getState().load();
      void useSync.getState().loadNotifications();
    } else if (!state.session && previous.session) useSync.getState().clear();
  });
  if (useSession.getState().session) {
    void useSync.getState().load();
    void useSync.getState().loadNotifications();
  }
}
