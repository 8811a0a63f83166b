/**
 * Devices store: the card reader's and the label printer's status as the main process last
 * pushed it (`devices.status`; loaded once per session, never polled), and the fan-out of
 * `devices.scan` to whichever screen is listening. A scan carries no personal data: the form
 * that claims it fetches the content itself with `devices.takeScan`, once. A good scan no screen
 * claimed waits here (its id only) for a form opened soon after.
 */
import { create } from 'zustand';
import type { DevicesStatus, ScanEvent } from '../../../preload/contract';
import { api } from '../api';
import { useSession } from './session';

/**
 * How long a good scan no form took waits for one (the header says «Документ считан — откройте
 * процедуру» meanwhile). Well within the main process's own limit for taking a scan (2 min).
 */
export const UNCLAIMED_SCAN_MS = 60_000;

export type DevicesState = {
  status: DevicesStatus | null;
  /** The id of a good scan that arrived while no form was open to take it. */
  unclaimedScan: string | null;
};

type DevicesActions = {
  load: () => Promise<void>;
  onStatus: (status: DevicesStatus) => void;
  clear: () => void;
};

export const initialState: DevicesState = { status: null, unclaimedScan: null };

/** Bumped by every pushed status: a load answered after a newer event must not overwrite it. */
let statusVersion = 0;
let unclaimedTimer: ReturnType<typeof setTimeout> | null = null;

export const useDevices = create<DevicesState & DevicesActions>()((set) => ({
  ...initialState,

  async load() {
    const version = statusVersion;
    const result = await api['devices.status']({});
    if (result.ok && version === statusVersion) set({ status: result.value });
  },

  onStatus(status) {
    statusVersion += 1;
    set({ status });
  },

  clear() {
    statusVersion += 1;
    if (unclaimedTimer !== null) clearTimeout(unclaimedTimer);
    unclaimedTimer = null;
    set(initialState);
  },
}));

/**
 * A screen listening for scans. Return true when the scan was taken (or deliberately used, like
 * the administrator's test read): the header then does not invite the clerk to open a procedure.
 */
export type ScanListener = (event: ScanEvent) => boolean;

const scanListeners = new Set<ScanListener>();

/** Listen for `devices.scan` while mounted; returns the unsubscribe function. */
export function subscribeScan(listener: ScanListener): () => void {
  scanListeners.add(listener);
  return () => {
    scanListeners.delete(listener);
  };
}

const setUnclaimed = (scanId: string | null): void => {
  if (unclaimedTimer !== null) clearTimeout(unclaimedTimer);
  unclaimedTimer = null;
  useDevices.setState({ unclaimedScan: scanId });
  if (scanId !== null) {
    unclaimedTimer = setTimeout(() => {
      unclaimedTimer = null;
      useDevices.setState({ unclaimedScan: null });
    }, UNCLAIMED_SCAN_MS);
  }
};

function dispatchScan(event: ScanEvent): void {
  let claimed = false;
  // Newest listener first: only one screen is shown at a time, but be deterministic anyway.
  for (const listener of [...scanListeners].reverse()) {
    if (listener(event)) {
      claimed = true;
      break;
    }
  }
  // The latest scan is the one that counts: an older one left waiting is dropped.
  setUnclaimed(!claimed && event.ok ? event.scanId : null);
}

/** A form just opened: the good scan waiting for one, if there is one (handed out once). */
export function takeUnclaimedScan(): string | null {
  const scanId = useDevices.getState().unclaimedScan;
  if (scanId !== null) setUnclaimed(null);
  return scanId;
}

/**
 * Wires the store to the main process: the pushed events, and a fresh status whenever a session
 * begins or becomes active again (after an unlock). Called once from the entry point.
 */
export function connectDevices(): void {
  api.on('devices.status', (status) => useDevices.getState().onStatus(status));
  api.on('devices.scan', dispatchScan);
  api.on('session.changed', (event) => {
    if (event.state === 'active') void useDevices.getState().load();
  });
  useSession.subscribe((state, previous) => {
    if (state.session && !previous.session) void useDevices.getState().load();
    else if (!state.session && previous.session) useDevices.getState().clear();
  });
  if (useSession.getState().session) void useDevices.getState().load();
}
