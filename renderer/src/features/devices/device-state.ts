/** How a device's state reads and looks: one word in the interface language, and a tone. */
import type { DeviceKind, DeviceState, DevicesStatus } from '../../../../preload/contract';
import { fieldText } from '../../i18n';
import { useDevices } from '../../stores/devices';

export type Tone = 'ok' | 'off' | 'pending' | 'bad' | 'info';

export const toneOf = (state: DeviceState['state']): Tone =>
  (({ ready: 'ok', not_configured: 'off', connecting: 'pending', disconnected: 'bad', error: 'bad' }) as const)[state];

/** The main process's explanation, where the state has one: in the interface language by its code (field-messages.ts). */
export const messageOf = (state: DeviceState): string | null =>
  state.state === 'disconnected' || state.state === 'error' ? (fieldText(state.message) ?? state.message) : null;

export type DeviceView = { status: DeviceState; path: string; queued: number };

export function deviceView(status: DevicesStatus, device: DeviceKind): DeviceView {
  return device === 'reader'
    ? { status: status.reader.status, path: status.reader.path, queued: 0 }
    : { status: status.printer.status, path: status.printer.path, queued: status.printer.queued };
}

/** The device's current view from the store; null until the first status arrived. */
export function useDeviceView(device: DeviceKind): DeviceView | null {
  const status = useDevices((s) => s.status);
  return status ? deviceView(status, device) : null;
}
