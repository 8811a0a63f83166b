/**
 * «Срок хранения»: the period, the last purge (when, how many), the next one, and how many
 * applications still hold personal data and how many have had it removed. Counts and dates only.
 */
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { FormAlert } from '../../components/FormAlert';
import { useFetch } from '../../components/use-fetch';
import { formatDateTime } from '../applications/format';

const loadStatus = () => api['retention.status']({});

function Item({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="details__item">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
}

export function RetentionCard({ version }: { version: number }) {
  const { t } = useTranslation();
  const { data: status, error } = useFetch(loadStatus, version);

  return (
    <section className="card" aria-labelledby="retention-title">
      <h2 id="retention-title">{t('privacy.retention.title')}</h2>
      <FormAlert error={error} />
      {status ? (
        <dl className="details privacy__retention">
          <Item label={t('privacy.retention.period')} value={String(status.retentionDays)} testId="retention-days" />
          <Item
            label={t('privacy.retention.lastRun')}
            value={
              status.lastRunAt === null
                ? t('privacy.retention.never')
                : t('privacy.retention.lastRunValue', { time: formatDateTime(status.lastRunAt), n: status.lastPurged ?? 0 })
            }
            testId="retention-last-run"
          />
          <Item
            label={t('privacy.retention.nextRun')}
            value={status.nextRunAt === null ? t('common.dash') : formatDateTime(status.nextRunAt)}
            testId="retention-next-run"
          />
          <Item label={t('privacy.retention.holding')} value={String(status.holding)} testId="retention-holding" />
          <Item label={t('privacy.retention.purged')} value={String(status.purgedTotal)} testId="retention-purged" />
        </dl>
      ) : (
        !error && <p className="muted">{t('app.loading')}</p>
      )}
      <p className="field__hint privacy__hint">{t('privacy.retention.hint')}</p>
    </section>
  );
}
