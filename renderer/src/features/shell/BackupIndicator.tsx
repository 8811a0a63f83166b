/**
 * «Резервная копия» in the administrator's header (issue 17): whether the last backup to IT's
 * folder was written, when, and if not, why and what to do. Shown to administrators only — a
 * clerk mid-application never sees IT's trouble. Words and colour, never colour alone.
 */
import { useTranslation } from 'react-i18next';
import { useBackup } from '../../stores/backup';
import { useSession } from '../../stores/session';
import { formatDateTime } from '../applications/format';
import { backupStateOf, backupTone as tone } from './backup-state';

export function BackupIndicator() {
  const { t } = useTranslation();
  const role = useSession((s) => s.session?.role);
  const status = useBackup((s) => s.status);
  if (role !== 'admin' || !status) return null;

  const state = backupStateOf(status);
  const label = t('header.backupShort');
  const value = t(`header.backupState.${state}`);
  const title = [
    `${t('header.backup')}: ${value}.`,
    status.lastAt ? t('header.backupLast', { time: formatDateTime(status.lastAt) }) : '',
    status.lastError
      ? t('header.backupFailed', { time: formatDateTime(status.lastError.at), message: t(`header.backupError.${status.lastError.code}`) })
      : '',
  ]
    .filter((s) => s !== '')
    .join(' ');

  return (
    <div className={`status-slot status-slot--device status-slot--${tone[state]}`} role="status" aria-label={label} title={title}>
      <span className="status-slot__dot" aria-hidden="true" />
      <span className="status-slot__label">{label}</span> <span className="status-slot__value">{value}</span>
      {status.lastError && <span className="visually-hidden">. {t(`header.backupError.${status.lastError.code}`)}</span>}
    </div>
  );
}
