/**
 * «Обновление загружено — установится при закрытии» in the administrator's header: read once when
 * the header mounts, then pushed by the main process (`updates.changed`) when the updater's state
 * changes. Shown only once an update is waiting; the browser harness has no updater.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { mayCall, type UpdateStatus } from '../../../../preload/contract';
import { api } from '../../api';
import { useSession } from '../../stores/session';

export function UpdateIndicator() {
  const { t } = useTranslation();
  const role = useSession((s) => s.session?.role ?? null);
  const allowed = role !== null && mayCall('updates.state', role);
  const [status, setStatus] = useState<UpdateStatus | null>(null);

  useEffect(() => {
    if (!allowed) return;
    let live = true;
    let pushed = false;
    const off = api.on('updates.changed', (next) => {
      pushed = true;
      if (live) setStatus(next);
    });
    void api['updates.state']({}).then((result) => {
      // An event that arrived while the call was under way is newer than its answer.
      if (live && result.ok && !pushed) setStatus(result.value);
    });
    return () => {
      live = false;
      off();
    };
  }, [allowed]);

  if (!allowed || status?.status !== 'downloaded') return null;
  return (
    <div
      className="status-slot status-slot--update"
      role="status"
      data-testid="update-indicator"
      title={status.version ? t('header.updateVersion', { version: status.version }) : undefined}
    >
      <span className="status-slot__label">{t('header.updateDownloaded')}</span>
    </div>
  );
}
