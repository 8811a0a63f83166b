/**
 * A compact live indicator in the header's status bar: «Считыватель» or «Принтер», its state in
 * words and colour (never colour alone), the main process's explanation as the tooltip and for
 * screen readers, and the printer's queue when labels are waiting.
 */
import { useTranslation } from 'react-i18next';
import { mayCall, type DeviceKind } from '../../../../preload/contract';
import { useDevices } from '../../stores/devices';
import { useSession } from '../../stores/session';
import { messageOf, toneOf, useDeviceView, type Tone } from './device-state';

export function DeviceIndicator({ device }: { device: DeviceKind }) {
  const { t } = useTranslation();
  const view = useDeviceView(device);
  const role = useSession((s) => s.session?.role ?? null);
  const unclaimedScan = useDevices((s) => s.unclaimedScan);
  const label = t(`devices.${device}Short`);

  let tone: Tone = 'off';
  let value: string = t('common.dash');
  let message: string | null = null;
  if (view) {
    tone = toneOf(view.status.state);
    value = t(`devices.state.${view.status.state}`);
    message = messageOf(view.status);
    if (device === 'printer' && view.queued > 0) value = `${value} · ${t('devices.queued', { n: view.queued })}`;
  }
  let caption = label;
  // A good scan no open form took: the clerk is told where it goes (two short lines, not one long).
  if (device === 'reader' && unclaimedScan !== null && role !== null && mayCall('devices.takeScan', role)) {
    tone = 'info';
    caption = t('devices.scanUnclaimedTop');
    value = t('devices.scanUnclaimedBottom');
  }
  const title = [
    `${label}: ${caption === label ? value : `${caption} ${value}`}`,
    view?.path ? t('devices.portLine', { path: view.path }) : null,
    message,
  ]
    .filter((part) => part !== null)
    .join('. ');

  return (
    <div className={`status-slot status-slot--device status-slot--${tone}`} role="status" aria-label={label} title={title}>
      <span className="status-slot__dot" aria-hidden="true" />
      <span className="status-slot__label">{caption}</span> <span className="status-slot__value">{value}</span>
      {message && <span className="visually-hidden">. {message}</span>}
    </div>
  );
}
