/**
 * Backups to IT's folder, for the administrator's header only (`backup.status`: loaded when an
 * administrator's session begins or becomes active again, then kept current by the event the
 * main process sends to administrators' clients; never polled). Other roles never load it.
 */
import { create } from 'zustand';
import { mayCall, type BackupStatus } from '../../../preload/contract';
import { api } from '../api';
import { useSession } from './session';

type BackupState = { status: BackupStatus | null; load: () => Promise<void>; clear: () => void };

/** Bumped by every pushed status: a load answered after a newer event must not overwrite it. */
let version = 0;

const allowed = (): boolean => {
  const session = useSession.getState().session;
  return session !== null && mayCall('backup.status', session.role);
};

export const useBackup = create<BackupState>()((set) => ({
  status: null,
  async load() {
    if (!allowed()) return;
    const asked = version;
    const result = await api['backup.status']({});
    if (result.ok && asked === version) set({ status: result.value });
  },
  clear() {
    version += 1;
    set({ status: null });
  },
}));

export function connectBackup(): void {
  api.on('backup.status', (status) => {
    if (!allowed()) return;
    version += 1;
    useBackup.setState({ status });
  });
  api.on('session.changed', (event) => {
    if (event.state === 'active') void useBackup.getState().load();
  });
  useSession.subscribe((state, previous) => {
    if (state.session && state.session.role !== previous.session?.role) void useBackup.getState().load();
    if (!state.session || !allowed()) useBackup.getState().clear();
  });
  if (useSession.getState().session) void useBackup.getState().load();
}
