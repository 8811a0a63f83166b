/**
 * The phone's confirmation on the issue and phone-change forms: «Отправить код» asks the registry
 * to send an SMS code to the number (`phone.sendCode`), the clerk types the code the citizen reads
 * out and «Проверить код» checks it (`phone.verifyCode`). A verified confirmation stays in the
 * draft until the phone changes and goes into the application. Without a link to the registry the
 * main process's explanation shows and, where the settings allow it, that the registry will
 * confirm the number later (the application is then taken without a code; main decides). The form
 * keys this block by the phone: another number starts afresh.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { idNumberSchema, parsePhone, verifyCodeInput, type AppError, type Procedure } from '../../../../preload/contract';
import { api } from '../../api';
import { FormAlert } from '../../components/FormAlert';
import { zodFieldErrors } from '../../components/use-form';
import { errorText, fieldText } from '../../i18n';
import { useApplicationForm } from '../../stores/application-form';
import { sendCodeButtonId } from './enter-keys';
import { formatTime } from './format';

type Problem =
  /** No answer from the registry: main's words, and whether deferring is allowed (null: unknown, or not offline). */
  { kind: 'offline'; message: string; deferred: boolean | null } | { kind: 'error'; error: AppError };

type Props = {
  procedure: Procedure;
  /** The phone field's own error, if there is one: no code is sent to an invalid number. */
  phoneError: string | undefined;
  /** Shows the phone field's error and moves focus there. */
  onInvalidPhone: () => void;
  /** The registry refused the number itself (PHONE_IN_USE): the error goes to the phone field. */
  onPhoneRefused: (error: AppError) => void;
  /** The code was right: the code field goes, and the form moves focus on. */
  onVerified: () => void;
};

const phoneText = (phone: string): string => {
  const parsed = parsePhone(phone);
  return parsed.ok ? parsed.display : phone;
};

export function PhoneConfirmation({ procedure, phoneError, onInvalidPhone, onPhoneRefused, onVerified }: Props) {
  const { t } = useTranslation();
  const phone = useApplicationForm((s) => s.drafts[procedure].values.phone);
  const stored = useApplicationForm((s) => s.drafts[procedure].phoneConfirmation);
  const setPhoneConfirmation = useApplicationForm((s) => s.setPhoneConfirmation);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);
  const prefix = `app-${procedure}-phone-code`;

  const confirmation = stored !== null && stored.phone === phone ? stored : null;
  const verified = confirmation?.verified === true;
  const attemptsLeft = confirmation && !verified ? confirmation.attemptsLeft : null;
  const exhausted = attemptsLeft === 0;
  const shownCodeError =
    codeError ??
    (attemptsLeft === null
      ? undefined
      : exhausted
        ? t('applicationForm.codeAttemptsOver')
        : t('applicationForm.codeWrong', { n: attemptsLeft }));

  // A new code was sent: the clerk types it next.
  const confirmationId = confirmation?.confirmationId;
  useEffect(() => {
    if (confirmationId !== undefined && !verified) codeRef.current?.focus();
  }, [confirmationId, verified]);

  const current = () => useApplicationForm.getState().drafts[procedure];

  const send = async () => {
    if (busy) return;
    if (phoneError) {
      onInvalidPhone();
      return;
    }
    setBusy(true);
    setProblem(null);
    setCodeError(null);
    const sentTo = phone;
    // With the citizen's number the registry refuses, before any SMS, a phone on another person's UID.
    const idNumber = idNumberSchema.safeParse(current().values.idNumber);
    const result = await api['phone.sendCode']({ phone: sentTo, ...(idNumber.success && { idNumber: idNumber.data }) });
    if (result.ok) {
      setBusy(false);
      // The number changed while the code was on its way: that code is for the old one.
      if (current().values.phone !== sentTo) return;
      setCode('');
      setPhoneConfirmation(procedure, {
        confirmationId: result.value.confirmationId,
        phone: sentTo,
        expiresAt: result.value.expiresAt,
        verified: false,
        attemptsLeft: null,
      });
      return;
    }
    if (result.error.code === 'unavailable') {
      // 'unavailable' is also «код уже отправлялся, повторите через …»: the deferral is mentioned
      // only when the registry really is out of reach, and per the office's policy (every role may
      // read the settings and the link's status).
      const [settings, link] = await Promise.all([api['settings.get']({}), api['sync.status']({})]);
      setBusy(false);
      const offline = link.ok ? !link.value.configured || link.value.online !== true : true;
      setProblem({
        kind: 'offline',
        message: errorText(result.error),
        deferred: offline && settings.ok ? settings.value.values.allowDeferredPhone : null,
      });
      return;
    }
    setBusy(false);
    if (result.error.fields?.phone) {
      onPhoneRefused(result.error);
      return;
    }
    setProblem({ kind: 'error', error: result.error });
  };

  const verify = async () => {
    if (busy || confirmation === null || exhausted) return;
    const clientError = zodFieldErrors(verifyCodeInput, { confirmationId: confirmation.confirmationId, code }).code;
    if (clientError) {
      setCodeError(clientError);
      codeRef.current?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    const result = await api['phone.verifyCode']({ confirmationId: confirmation.confirmationId, code });
    setBusy(false);
    if (!result.ok) {
      const fieldError = result.error.fields?.code;
      if (fieldError) {
        setCodeError(fieldError);
        codeRef.current?.focus();
      } else setProblem({ kind: 'error', error: result.error });
      return;
    }
    if (current().phoneConfirmation?.confirmationId !== confirmation.confirmationId) return;
    const { verified: ok, attemptsLeft: left } = result.value;
    setPhoneConfirmation(procedure, { ...confirmation, verified: ok, attemptsLeft: ok ? null : left });
    setCodeError(null);
    if (ok) onVerified();
    else {
      setCode('');
      codeRef.current?.focus();
    }
  };

  const codeDescribedBy = [shownCodeError ? `${prefix}-error` : null, `${prefix}-hint`].filter((x) => x !== null).join(' ');

  return (
    <div className="phone-confirm">
      {!verified && (
        <div className="phone-confirm__row">
          <button id={sendCodeButtonId(procedure)} type="button" className="button" disabled={busy} onClick={() => void send()}>
            {t('applicationForm.sendCode')}
          </button>
          {confirmation === null && <p className="field__hint">{t('applicationForm.phoneConfirmHint')}</p>}
        </div>
      )}
      {confirmation !== null && !verified && (
        <div className="field phone-confirm__code">
          <label htmlFor={prefix}>{t('applicationForm.code')}</label>
          <div className="inline-control">
            <input
              ref={codeRef}
              id={prefix}
              name="phoneCode"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              spellCheck={false}
              value={code}
              disabled={exhausted}
              aria-invalid={shownCodeError ? true : undefined}
              aria-describedby={codeDescribedBy}
              onChange={(e) => {
                setCode(e.target.value.replace(/\s+/g, ''));
                setCodeError(null);
              }}
              onKeyDown={(e) => {
                // Enter checks the code; it must not submit the whole application.
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void verify();
                }
              }}
            />
            <button type="button" className="button" disabled={busy || exhausted} onClick={() => void verify()}>
              {t('applicationForm.verifyCode')}
            </button>
          </div>
          {shownCodeError && (
            <p id={`${prefix}-error`} className="field__error">
              {fieldText(shownCodeError)}
            </p>
          )}
          <p id={`${prefix}-hint`} className="field__hint">
            {t('applicationForm.codeHint')}
          </p>
        </div>
      )}
      <div role="status" className={verified ? 'alert alert--ok' : confirmation !== null ? 'alert alert--info' : 'visually-empty'}>
        {verified && t('applicationForm.phoneConfirmed')}
        {confirmation !== null &&
          !verified &&
          t('applicationForm.codeSent', { phone: phoneText(confirmation.phone), time: formatTime(confirmation.expiresAt) })}
      </div>
      {problem?.kind === 'offline' && (
        <div role="alert" className="alert alert--error">
          <p>{problem.message}</p>
          {problem.deferred === true && <p>{t('applicationForm.deferredAllowed')}</p>}
          {problem.deferred === false && <p>{t('applicationForm.deferredNotAllowed')}</p>}
        </div>
      )}
      {problem?.kind === 'error' && <FormAlert error={problem.error} />}
    </div>
  );
}
