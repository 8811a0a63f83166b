/**
 * «Очередь отправки»: what the office has not yet finished with the central registry. The link's
 * status (pushed by the main process), «Отправить сейчас», and the applications waiting to be
 * sent or waiting for the registry's decision, oldest first. The table follows `sync.status` and
 * `applications.decided`; nothing here polls.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError, SyncStatus } from '../../../../preload/contract';
import { api } from '../../api';
import { fieldText } from '../../i18n';
import { FormAlert } from '../../components/FormAlert';
import { useFetch } from '../../components/use-fetch';
import { useSync } from '../../stores/sync';
import { useUi } from '../../stores/ui';
import { formatDateTime } from '../applications/format';
import { linkStateOf, linkTone } from './sync-state';

const fetchQueue = () => api['sync.queue']({});

/** The figures of a status that tell the rows changed (sent, accepted, failed, reconfigured). */
const queueKey = (s: SyncStatus): string =>
  JSON.stringify([s.configured, s.online, s.pending, s.awaitingDecision, s.oldestPendingAt, s.lastError, s.lastErrorAt, s.lastSyncAt]);

/** What the last «Отправить сейчас» did, in words that follow a language switch. */
type NowOutcome = { kind: 'done'; status: SyncStatus } | { kind: 'offline'; status: SyncStatus };

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="details__item">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function StatusBlock({ status }: { status: SyncStatus }) {
  const { t } = useTranslation();
  const state = linkStateOf(status);
  const dash = t('common.dash');
  return (
    <dl className="details">
      <Item label={t('queue.link')}>
        <span className={`device-state device-state--${linkTone(state)}`}>{t(`header.registryState.${state}`)}</span>
      </Item>
      <Item label={t('queue.configured')}>{status.configured ? t('queue.configuredYes') : t('queue.configuredNo')}</Item>
      <Item label={t('queue.pending')}>{status.pending}</Item>
      <Item label={t('queue.awaitingDecision')}>{status.awaitingDecision}</Item>
      <Item label={t('queue.oldest')}>{status.oldestPendingAt !== null ? formatDateTime(status.oldestPendingAt) : dash}</Item>
      <Item label={t('queue.nextAttempt')}>{status.nextAttemptAt !== null ? formatDateTime(status.nextAttemptAt) : dash}</Item>
      <Item label={t('queue.lastSync')}>{status.lastSyncAt !== null ? formatDateTime(status.lastSyncAt) : t('queue.never')}</Item>
      {status.decisionsSetAside > 0 && (
        <Item label={t('queue.setAside')}>
          <span className="queue__error">{t('queue.setAsideText', { count: status.decisionsSetAside })}</span>
        </Item>
      )}
      <Item label={t('queue.lastError')}>
        {status.lastError === null ? (
          t('queue.none')
        ) : (
          <span className="queue__error">
            {status.lastErrorAt !== null
              ? t('queue.lastErrorLine', { message: fieldText(status.lastError), time: formatDateTime(status.lastErrorAt) })
              : fieldText(status.lastError)}
          </span>
        )}
      </Item>
    </dl>
  );
}

export function QueueScreen() {
  const { t } = useTranslation();
  const status = useSync((s) => s.status);
  const onStatus = useSync((s) => s.onStatus);
  const openApplication = useUi((s) => s.openApplication);
  const [version, setVersion] = useState(0);
  const queue = useFetch(fetchQueue, version);
  const [busy, setBusy] = useState(false);
  const [nowError, setNowError] = useState<AppError | null>(null);
  const [outcome, setOutcome] = useState<NowOutcome | null>(null);
  const notConfigured = status !== null && !status.configured;

  // The list changes when the worker sends or the registry decides: both are pushed. A status
  // that only moved the next routine poll changes no row and fetches nothing.
  useEffect(() => {
    const refresh = () => setVersion((v) => v + 1);
    let last = useSync.getState().status;
    const offStatus = api.on('sync.status', (next) => {
      const changed = last === null || queueKey(last) !== queueKey(next);
      last = next;
      if (changed) refresh();
    });
    const offDecided = api.on('applications.decided', refresh);
    return () => {
      offStatus();
      offDecided();
    };
  }, []);

  const sendNow = async () => {
    setBusy(true);
    setNowError(null);
    setOutcome(null);
    const result = await api['sync.now']({});
    setBusy(false);
    if (!result.ok) {
      setNowError(result.error);
      return;
    }
    onStatus(result.value);
    setOutcome({ kind: result.value.online === false ? 'offline' : 'done', status: result.value });
    setVersion((v) => v + 1);
  };

  const items = queue.data?.items ?? null;

  return (
    <section className="screen screen--wide" aria-labelledby="queue-title">
      <h1 id="queue-title" tabIndex={-1}>
        {t('queue.title')}
      </h1>
      <p className="lead muted devices__intro">{t('queue.intro')}</p>

      <section className="card" aria-labelledby="queue-status-title">
        <h2 id="queue-status-title">{t('queue.statusTitle')}</h2>
        {notConfigured && (
          <p id="queue-not-configured" className="alert alert--info">
            {t('queue.notConfigured')}
          </p>
        )}
        {status ? <StatusBlock status={status} /> : <p className="muted">{t('app.loading')}</p>}
        <div className="form-actions">
          <button
            type="button"
            className="button button--primary"
            disabled={busy || notConfigured}
            aria-describedby={notConfigured ? 'queue-not-configured' : undefined}
            onClick={() => void sendNow()}
          >
            {t('queue.now')}
          </button>
        </div>
        <div role="status" className={outcome ? (outcome.kind === 'done' ? 'alert alert--ok' : 'alert alert--info') : 'visually-empty'}>
          {outcome?.kind === 'done' && t('queue.nowDone', { pending: outcome.status.pending, awaiting: outcome.status.awaitingDecision })}
          {outcome?.kind === 'offline' && (outcome.status.lastError !== null ? fieldText(outcome.status.lastError) : t('queue.nowOffline'))}
        </div>
        <FormAlert error={nowError} />
      </section>

      <FormAlert error={queue.error} />
      {items === null ? (
        !queue.error && <p className="muted">{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <p className="muted journal__empty">{t('queue.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--dense table--queue" aria-label={t('queue.tableLabel')}>
            <thead>
              <tr>
                <th scope="col">{t('queue.columns.journalNo')}</th>
                <th scope="col">{t('queue.columns.procedure')}</th>
                <th scope="col">{t('queue.columns.state')}</th>
                <th scope="col">{t('queue.columns.clerk')}</th>
                <th scope="col">{t('queue.columns.signedAt')}</th>
                <th scope="col">{t('queue.columns.attempts')}</th>
                <th scope="col">{t('queue.columns.lastError')}</th>
                <th scope="col">{t('queue.columns.nextAttempt')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.applicationId}>
                  <th scope="row" className="nowrap">
                    <button
                      type="button"
                      className="button button--small button--link mono"
                      title={t('queue.openTitle', { journalNo: item.journalNo })}
                      onClick={() => openApplication(item.applicationId)}
                    >
                      {item.journalNo}
                    </button>
                  </th>
                  <td className="nowrap">{t(`procedures.${item.procedure}`)}</td>
                  <td>
                    <span className={`badge badge--state-${item.state}`}>{t(`states.${item.state}`)}</span>
                  </td>
                  <td>{item.clerkName}</td>
                  <td>{item.signedAt !== null ? formatDateTime(item.signedAt) : t('common.dash')}</td>
                  <td className="numeric">{item.attempts}</td>
                  <td className={item.lastError !== null ? 'queue__error-cell' : undefined}>
                    {item.lastError !== null ? (
                      <>
                        {fieldText(item.lastError)}
                        {item.lastAttemptAt !== null && <span className="muted nowrap"> ({formatDateTime(item.lastAttemptAt)})</span>}
                      </>
                    ) : (
                      t('common.dash')
                    )}
                  </td>
                  <td>{item.nextAttemptAt !== null ? formatDateTime(item.nextAttemptAt) : t('queue.awaitingDecisionCell')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
