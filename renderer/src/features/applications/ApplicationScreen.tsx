/**
 * One application: journal number, state, the registry's decision (with the UID, or the reasons
 * for a refusal), the data, what the clerk may do next (print, mark signed, cancel, print the
 * notice once a UID is issued), its label once signed, and the history from the audit log. A
 * decision pushed by the main process (`applications.decided`) reloads it.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canTransition, cancelInput, formatPhone, needsPhone, type AppError, type ApplicationDetail } from '../../../../preload/contract';
import { api } from '../../api';
import { printSheet } from '../../print';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { zodFieldErrors } from '../../components/use-form';
import { auditActionLabel, refusalText } from '../../i18n';
import { useUi } from '../../stores/ui';
import { ApplicationLabel } from './ApplicationLabel';
import { formatDateTime, formatIsoDate, fullName, registryUncheckedOpen } from './format';
import { PrintLayer, type PrintKind } from './PrintDocuments';

function CancelDialog({
  detail,
  onDone,
  onClose,
}: {
  detail: ApplicationDetail;
  onDone: (d: ApplicationDetail) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const clientError = zodFieldErrors(cancelInput, { id: detail.id, reason }).reason;
  const fieldError = error?.fields?.reason ?? (submitted ? clientError : undefined);

  return (
    <Dialog title={t('application.cancelTitle', { journalNo: detail.journalNo })} onClose={onClose} className="dialog--wide">
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setSubmitted(true);
          if (clientError || busy) return;
          setBusy(true);
          void api['applications.cancel']({ id: detail.id, reason }).then((result) => {
            setBusy(false);
            if (result.ok) onDone(result.value);
            else setError(result.error);
          });
        }}
      >
        <Field
          id="cancel-reason"
          label={t('application.cancelReason')}
          value={reason}
          error={fieldError}
          autoFocus
          onChange={(e) => setReason(e.target.value)}
        />
        <FormAlert error={error} shownFields={['reason']} />
        {/* Not «Отменить» next to «Отмена»: the two buttons must not be confused (issue 16). */}
        <div className="form-actions">
          <button type="submit" className="button button--danger" disabled={busy}>
            {t('application.cancelConfirm')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('screens.cancelBack')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** «Решение реестра»: approved (UID, temporary password), refused (reasons) or rejected (problems). */
function Decision({ detail }: { detail: ApplicationDetail }) {
  const { t } = useTranslation();
  const state = detail.state;
  const decided = state === 'approved' || state === 'refused' || state === 'rejected';
  const reasons = detail.refusalReasons ?? [];
  const uid = detail.personal?.uid;
  const tone = state === 'approved' ? 'alert--ok' : state === 'refused' || state === 'rejected' ? 'alert--error' : 'alert--info';
  const waiting = state === 'queued' || state === 'sent';
  if (!decided && !waiting) return null;

  return (
    <section className="card decision" aria-labelledby="decision-title">
      <h2 id="decision-title">{t('application.decisionTitle')}</h2>
      <div role="status" className={`alert ${tone}`}>
        {decided ? (
          <p className="decision__outcome">{t(`application.decision.${state}`)}</p>
        ) : (
          <p>{t(state === 'sent' ? 'application.sentText' : 'application.queuedText')}</p>
        )}
        {/* Blocking sends no password: the password line belongs to the other procedures. */}
        {state === 'approved' && detail.procedure === 'block' && <p>{t('screens.blockedDone')}</p>}
        {state === 'approved' && detail.procedure !== 'block' && detail.temporaryPasswordSent !== null && (
          <p>{t(detail.temporaryPasswordSent ? 'application.passwordSent' : 'application.passwordNotSent')}</p>
        )}
        {state === 'rejected' && <p>{t('application.rejectedText')}</p>}
        {reasons.length > 0 && (state === 'refused' || state === 'rejected') && (
          <>
            <p className="decision__reasons-title">
              {t(state === 'refused' ? 'application.refusedReasons' : 'application.rejectedProblems')}
            </p>
            <ul>
              {reasons.map((reason) => (
                <li key={reason}>{refusalText(reason)}</li>
              ))}
            </ul>
          </>
        )}
      </div>
      {decided && (
        <dl className="details decision__details">
          {state === 'approved' && uid !== undefined && <Item label={t('application.uid')} value={uid} mono />}
          {detail.decidedAt !== null && <Item label={t('application.decidedAt')} value={formatDateTime(detail.decidedAt)} />}
        </dl>
      )}
    </section>
  );
}

/** Where keyboard focus goes when the application opens: the next thing to do with it. */
const firstFocusOf = (detail: ApplicationDetail): string =>
  detail.state === 'draft' ? PRINT_ID : detail.state === 'awaiting_signature' ? SIGN_ID : 'application-title';
const PRINT_ID = 'application-print';
const SIGN_ID = 'application-sign';
const NEW_ID = 'application-new';

/** Focus to the element with this id once React has shown the change that enables it (a button is disabled while its call runs). */
function useFocusLater(): (id: string) => void {
  const [target, setTarget] = useState<{ id: string } | null>(null);
  useEffect(() => {
    if (target !== null) document.getElementById(target.id)?.focus();
  }, [target]);
  return useCallback((id: string) => setTarget({ id }), []);
}

function Item({ label, value, mono = false }: { label: string; value: string | undefined; mono?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="details__item">
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined}>{value ?? t('common.dash')}</dd>
    </div>
  );
}

export function ApplicationScreen({ id }: { id: string }) {
  const { t } = useTranslation();
  const close = useUi((s) => s.closeApplication);
  const openSection = useUi((s) => s.open);
  const section = useUi((s) => s.section);
  const focusLater = useFocusLater();
  const [detail, setDetail] = useState<ApplicationDetail | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [printKind, setPrintKind] = useState<PrintKind>('application');
  /** Bumped when the registry decided on this application: it is loaded again. */
  const [version, setVersion] = useState(0);
  /** Bumped to print once the print layer holds the right paper. */
  const [printRequest, setPrintRequest] = useState(0);

  useEffect(() => {
    let live = true;
    // Once loaded, keyboard focus starts at the next thing to do; a reload (a decision came) leaves it.
    const first = version === 0;
    void api['applications.get']({ id }).then((result) => {
      if (!live) return;
      if (result.ok) {
        setDetail(result.value);
        if (first) focusLater(firstFocusOf(result.value));
      } else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [id, version, focusLater]);

  useEffect(
    () =>
      api.on('applications.decided', (event) => {
        if (event.applicationId === id) setVersion((v) => v + 1);
      }),
    [id],
  );

  useEffect(() => {
    if (printRequest === 0) return;
    void printSheet(printKind);
  }, [printRequest, printKind]);

  const run = useCallback(async (call: () => ReturnType<(typeof api)['applications.sign']>) => {
    setBusy(true);
    setError(null);
    const result = await call();
    setBusy(false);
    if (result.ok) setDetail(result.value);
    else setError(result.error);
    return result.ok;
  }, []);

  if (!detail) {
    return <section className="screen">{error ? <FormAlert error={error} /> : <p className="muted">{t('app.loading')}</p>}</section>;
  }

  const personal = detail.personal;
  const idDocument = personal?.document;
  const printed = detail.printedAt !== null;
  const canCancel = canTransition('cancel', detail.state);
  const canNotice = detail.state === 'approved' && detail.procedure === 'issue';

  // Opened from the procedure's own form: once signed, the next citizen is one key away.
  const fromForm = section === detail.procedure;

  const printApplication = async () => {
    const ok = await run(() => api['applications.markPrinted']({ id: detail.id }));
    if (ok) {
      setPrintKind('application');
      setPrintRequest((n) => n + 1);
    }
    focusLater(ok ? SIGN_ID : PRINT_ID);
  };

  const sign = async () => {
    const ok = await run(() => api['applications.sign']({ id: detail.id }));
    focusLater(!ok ? SIGN_ID : fromForm ? NEW_ID : 'application-title');
  };

  return (
    <section className="screen" aria-labelledby="application-title">
      <div className="screen__head">
        <h1 id="application-title" tabIndex={-1}>
          {t('application.title', { journalNo: detail.journalNo })}
        </h1>
        <button type="button" className="button button--quiet" onClick={close}>
          {t('application.back')}
        </button>
      </div>
      <p className="lead">
        {t(`procedureTitles.${detail.procedure}`)} ·{' '}
        <span className={`badge badge--state-${detail.state}`} data-testid="application-state">
          {t(`states.${detail.state}`)}
        </span>
        {registryUncheckedOpen(detail) && (
          <>
            {' '}
            <span className="badge badge--unchecked" aria-describedby="registry-unchecked-hint">
              {t('application.registryUnchecked')}
            </span>
          </>
        )}
      </p>
      {registryUncheckedOpen(detail) && (
        <p id="registry-unchecked-hint" className="field__hint">
          {t('application.registryUncheckedHint')}
        </p>
      )}

      <div className="card">
        <div className="form-actions form-actions--start">
          <button id={PRINT_ID} type="button" className="button button--primary" disabled={busy} onClick={() => void printApplication()}>
            {t('application.print')}
          </button>
          <button
            id={SIGN_ID}
            type="button"
            className="button"
            disabled={busy || !canTransition('sign', detail.state)}
            aria-describedby={!printed && canCancel ? 'sign-hint' : undefined}
            onClick={() => void sign()}
          >
            {t('application.sign')}
          </button>
          {canCancel && (
            <button type="button" className="button" disabled={busy} onClick={() => setCancelling(true)}>
              {t('application.cancel')}
            </button>
          )}
          {canNotice && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setPrintKind('notice');
                setPrintRequest((n) => n + 1);
              }}
            >
              {t('application.printNotice')}
            </button>
          )}
          {fromForm && !canCancel && (
            <button id={NEW_ID} type="button" className="button" onClick={() => openSection(detail.procedure)}>
              {t('keyboard.newApplication')}
            </button>
          )}
        </div>
        {!printed && canCancel && (
          <p id="sign-hint" className="field__hint card__hint">
            {t('application.signHint')}
          </p>
        )}
        <FormAlert error={error} />
      </div>

      <Decision detail={detail} />

      <div className="card">
        <dl className="details">
          <Item label={t('application.procedure')} value={t(`procedures.${detail.procedure}`)} />
          <Item label={t('application.created')} value={formatDateTime(detail.createdAt)} />
          <Item label={t('application.clerk')} value={detail.clerkName} />
          <Item label={t('application.office')} value={detail.officeName} />
          {personal && idDocument && (
            <>
              <Item label={t('applicationForm.idNumber')} value={personal.idNumber} mono />
              <Item label={t('application.fullName')} value={fullName(personal.person)} />
              {personal.person.surnameLatin && <Item label={t('applicationForm.surnameLatin')} value={personal.person.surnameLatin} />}
              {personal.person.givenNamesLatin && (
                <Item label={t('applicationForm.givenNamesLatin')} value={personal.person.givenNamesLatin} />
              )}
              <Item label={t('applicationForm.birthDate')} value={formatIsoDate(personal.person.birthDate)} />
              <Item label={t('applicationForm.sex')} value={t(`sex.${personal.person.sex}`)} />
              <Item label={t('applicationForm.citizenship')} value={personal.person.citizenship} />
              <Item
                label={t('application.document')}
                value={`${t(`documentTypes.${idDocument.type}`)} ${idDocument.series ?? ''} ${idDocument.number}`.replace(/\s+/g, ' ')}
              />
              <Item label={t('applicationForm.issuedAt')} value={idDocument.issuedAt ? formatIsoDate(idDocument.issuedAt) : undefined} />
              <Item label={t('applicationForm.expiresAt')} value={formatIsoDate(idDocument.expiresAt)} />
              <Item label={t('applicationForm.issuer')} value={idDocument.issuer} />
              {detail.procedure === 'change_phone' && (
                <Item label={t('application.oldPhone')} value={personal.oldPhone ? formatPhone(personal.oldPhone) : undefined} />
              )}
              {personal.phone && (
                <Item
                  label={t(detail.procedure === 'change_phone' ? 'application.newPhone' : 'application.phone')}
                  value={formatPhone(personal.phone)}
                />
              )}
              {needsPhone(detail.procedure) && (
                <Item label={t('application.phoneConfirmation')} value={t(`application.phoneConfirmations.${detail.phoneConfirmation}`)} />
              )}
            </>
          )}
        </dl>
        {!personal && <p className="muted">{t('application.purged')}</p>}
      </div>

      {detail.signedAt !== null && <ApplicationLabel id={detail.id} journalNo={detail.journalNo} />}

      <h2>{t('application.history')}</h2>
      <div className="table-wrap">
        <table className="table table--dense">
          <caption className="visually-hidden">{t('application.historyCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('application.historyAt')}</th>
              <th scope="col">{t('application.historyAction')}</th>
              <th scope="col">{t('application.historyLogin')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.history.map((entry, index) => (
              <tr key={`${entry.at}-${index}`}>
                <td className="nowrap">{formatDateTime(entry.at)}</td>
                <td>{auditActionLabel(entry.action)}</td>
                <td className="mono">{entry.actorLogin ?? t('common.dash')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {cancelling && (
        <CancelDialog
          detail={detail}
          onClose={() => setCancelling(false)}
          onDone={(next) => {
            setCancelling(false);
            setDetail(next);
          }}
        />
      )}
      <PrintLayer detail={detail} kind={printKind} />
    </section>
  );
}
