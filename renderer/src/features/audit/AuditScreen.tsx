/**
 * «Аудит» (supervisor): verify the hash chain of the audit log, and the latest 100 entries.
 * A fuller screen (filters, paging) comes later.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError, AuditEntry, AuditVerification } from '../../../../preload/contract';
import { api } from '../../api';
import { FormAlert } from '../../components/FormAlert';
import { useFetch } from '../../components/use-fetch';
import { auditActionLabel, locale } from '../../i18n';

const LATEST = 100;
const listLatest = () => api['audit.list']({ limit: LATEST });

/** Who or what the entry is about: a login where one is known, else the raw subject. */
function subjectOf(entry: AuditEntry): string | null {
  const login = entry.details.login;
  if (typeof login === 'string') return login;
  if (entry.subject !== null && entry.subject === entry.actorId) return entry.actorLogin ?? entry.subject;
  return entry.subject;
}

export function AuditScreen() {
  const { t } = useTranslation();
  const [version, setVersion] = useState(0);
  const latest = useFetch(listLatest, version);
  const entries = latest.data?.entries ?? null;
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [verifyError, setVerifyError] = useState<AppError | null>(null);
  const [verifying, setVerifying] = useState(false);

  const verify = async () => {
    setVerifying(true);
    setVerification(null);
    setVerifyError(null);
    const result = await api['audit.verify']({});
    setVerifying(false);
    if (result.ok) setVerification(result.value);
    else setVerifyError(result.error);
    // The check itself is audited: show it in the list.
    setVersion((v) => v + 1);
  };

  const time = new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'medium' });

  return (
    <section className="screen" aria-labelledby="audit-title">
      <h1 id="audit-title" tabIndex={-1}>
        {t('audit.title')}
      </h1>

      <div className="card">
        <div className="form-actions form-actions--start">
          <button type="button" className="button button--primary" disabled={verifying} onClick={() => void verify()}>
            {t('audit.verify')}
          </button>
        </div>
        {verification?.ok === true && (
          <p role="status" className="alert alert--ok">
            {t('audit.verifyOk', { rows: verification.rows })}
          </p>
        )}
        {verification?.ok === false && (
          <div role="alert" className="alert alert--error">
            <p>{t('audit.verifyBroken', { seq: verification.brokenSeq })}</p>
            <p>{verification.message}</p>
          </div>
        )}
        <FormAlert error={verifyError} />
      </div>

      <h2>{t('audit.latest')}</h2>
      <FormAlert error={latest.error} />
      {entries === null ? (
        !latest.error && <p className="muted">{t('app.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="muted">{t('audit.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--dense">
            <caption className="visually-hidden">{t('audit.latestCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.columns.at')}</th>
                <th scope="col">{t('audit.columns.login')}</th>
                <th scope="col">{t('audit.columns.action')}</th>
                <th scope="col">{t('audit.columns.subject')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.seq}>
                  <td className="nowrap">{time.format(new Date(entry.at))}</td>
                  <td className="mono">{entry.actorLogin ?? t('common.dash')}</td>
                  <td>{auditActionLabel(entry.action)}</td>
                  <td className="mono">{subjectOf(entry) ?? t('common.dash')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
