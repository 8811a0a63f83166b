/**
 * «Реестр» in the header's status bar: the link to the central registry in words and colour
 * (never colour alone) and how many applications it has not finished with (read after the state,
 * shown on the label's line). The last error is
 * read out with it; the times (of that error, of the next try) are in the tooltip, which is also
 * the indicator's description: they change at every retry and must not make the live region talk.
 * Pushed by the main process, never polled.
 */
import { useTranslation } from 'react-i18next';
import { fieldText } from '../../i18n';
import { useSync } from '../../stores/sync';
import { formatTime } from '../applications/format';
import { linkStateOf, linkTone, sentences, waitingCount } from './sync-state';

export function RegistryIndicator() {
  const { t } = useTranslation();
  const status = useSync((s) => s.status);
  const label = t('header.registryShort');

  if (!status) {
    return (
      <div className="status-slot status-slot--device status-slot--off" role="status" aria-label={label} title={t('header.registry')}>
        <span className="status-slot__dot" aria-hidden="true" />
        <span className="status-slot__label">{label}</span> <span className="status-slot__value">{t('common.dash')}</span>
      </div>
    );
  }

  const state = linkStateOf(status);
  const waiting = waitingCount(status);
  const value = t(`header.registryState.${state}`);
  const queued = waiting > 0 ? ` · ${t('header.registryQueued', { n: waiting })}` : '';
  // While online and without trouble the next try is only the routine poll: not worth a word.
  const troubled = status.lastError !== null || (status.configured && status.online !== true);
  const title = sentences([
    `${t('header.registry')}: ${value}${queued}`,
    status.lastError === null
      ? ''
      : status.lastErrorAt === null
        ? (fieldText(status.lastError) ?? status.lastError)
        : t('header.registryLastError', { time: formatTime(status.lastErrorAt), message: fieldText(status.lastError) }),
    troubled && status.nextAttemptAt !== null ? t('header.registryNextTry', { time: formatTime(status.nextAttemptAt) }) : '',
  ]);

  return (
    <div
      className={`status-slot status-slot--device status-slot--registry status-slot--${linkTone(state)}`}
      role="status"
      aria-label={label}
      title={title}
    >
      <span className="status-slot__dot" aria-hidden="true" />
      <span className="status-slot__label">{label}</span> <span className="status-slot__value">{value}</span>
      {/* Read after the state («нет связи · в очереди: 2»), shown beside «Реестр» to keep the slot narrow. */}
      {queued !== '' && <span className="status-slot__queue">{queued}</span>}
      {status.lastError !== null && <span className="visually-hidden">. {sentences([fieldText(status.lastError) ?? ''])}</span>}
    </div>
  );
}
