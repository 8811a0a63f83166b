/**
 * «Сотрудники», for the administrator: the office roster on this desk (issue 14). Account changes
 * not yet accepted by the registry, and changes made here that lost to a later one from another
 * desk (the other desk's change is the one in force), each until acknowledged.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError, RosterStatus } from '../../../../preload/contract';
import { api } from '../../api';
import { FormAlert } from '../../components/FormAlert';
import { useFetch } from '../../components/use-fetch';
import { formatDateTime } from '../applications/format';

const loadRoster = () => api['clerks.roster']({});

/** `version` follows the screen's list, so a change there refreshes this too. */
export function RosterPanel({ version }: { version: number }) {
  const { t } = useTranslation();
  const [own, setOwn] = useState(0);
  const fetched = useFetch(loadRoster, version + own);
  const [status, setStatus] = useState<RosterStatus | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const roster = status ?? fetched.data;
  if (roster === null) return <FormAlert error={fetched.error} />;

  const acknowledge = async (id: string) => {
    setBusy(id);
    const result = await api['clerks.acknowledgeConflict']({ id });
    setBusy(null);
    if (result.ok) {
      setError(null);
      setStatus(result.value);
      setOwn((v) => v + 1);
    } else setError(result.error);
  };

  return (
    <div className="roster" data-testid="roster-panel">
      {roster.registryConfigured && roster.pending > 0 && (
        <p className="alert alert--info" role="status">
          {t('clerks.roster.pending', { count: roster.pending })}
        </p>
      )}
      <FormAlert error={error} />
      {roster.conflicts.map((c) => (
        <div key={c.id} className="alert alert--error" role="alert">
          <p>
            {t('clerks.roster.conflict', {
              login: c.login,
              time: formatDateTime(c.at),
              by: c.winnerBy ?? t('clerks.roster.anotherDesk'),
            })}
          </p>
          <p>{t('clerks.roster.lost', { fields: c.lost.map((f) => t(`clerks.roster.fields.${f}`)).join(', ') })}</p>
          <button type="button" className="button button--small" disabled={busy === c.id} onClick={() => void acknowledge(c.id)}>
            {t('clerks.roster.acknowledge')}
          </button>
        </div>
      ))}
    </div>
  );
}
