/**
 * «Аудит» (supervisor): verify the hash chain of the audit log, and the latest 100 entries.
 * A fuller screen (filters, paging) comes later.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError, AuditEntry, AuditVerification } from '../../../../preload/contract';
import { api } from '../../api';
import { FormAlert } from '../../components/FormAlert';
import { auditActionLabel, locale } from '../../i18n';

const LATEST = 100;

/** Who or what the entry is about: the login from its details when it has one. */
function subjectOf(entry: AuditEntry): string | null {
  const login = entry.details.login;
  return typeof login === 'string' ? login : entry.subject;
}

export function AuditScreen() {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [listError, setListError] = useState<AppError | null>(null);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [verifyError, setVerifyError] = useState<AppError | null>(null);
  const [verifying, setVerifying] = useState(false);

  const load = useCallback(async () => {
    const result = await api['audit.list']({ limit: LATEST });
    if (result.ok) {
      setEntries(result.value.entries);
      setListError(null);
    } else {
      setListError(result.error);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const verify = async () => {
    setVerifying(true);
    setVerification(null);
    setVerifyError(null);
    const result = await api['audit.verify']({});
    setVerifying(false);
    if (result.ok) setVerification(result.value);
    else setVerifyError(result.error);
    void load();
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
      <FormAlert error={listError} />
      {entries === null ? (
        !listError && <p className="muted">{t('app.loading')}</p>
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
