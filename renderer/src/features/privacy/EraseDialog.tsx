/**
 * «Досрочное удаление персональных данных»: says which journal numbers lose their personal data
 * and which keep it (and why), and asks for the number of the citizen's written request, which
 * goes into the audit log with the erase.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { subjectEraseInput, type AppError, type SubjectApplication, type SubjectEraseResult } from '../../../../preload/contract';
import { api } from '../../api';
import { Dialog, DialogActions } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { zodFieldErrors } from '../../components/use-form';

const refSchema = subjectEraseInput.pick({ requestRef: true });

type Props = {
  idNumber: string;
  applications: readonly SubjectApplication[];
  onDone: (result: SubjectEraseResult) => void;
  onClose: () => void;
};

export function EraseDialog({ idNumber, applications, onDone, onClose }: Props) {
  const { t } = useTranslation();
  const [requestRef, setRequestRef] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const clientError = zodFieldErrors(refSchema, { requestRef }).requestRef;
  const fieldError = error?.fields?.requestRef ?? (submitted ? clientError : undefined);
  const erasable = applications.filter((a) => a.eraseBlocker === null);
  const kept = applications.filter((a) => a.eraseBlocker !== null);

  return (
    <Dialog title={t('privacy.erase.title')} onClose={busy ? null : onClose} className="privacy-erase" describedBy="erase-summary">
      <div id="erase-summary" className="privacy__erase-summary">
        <p>{t('privacy.erase.willErase')}</p>
        <ul data-testid="erase-list">
          {erasable.map((a) => (
            <li key={a.id}>
              <span className="mono">№ {a.journalNo}</span> — {t(`procedures.${a.procedure}`)}, {t(`states.${a.state}`).toLowerCase()}
            </li>
          ))}
        </ul>
        {kept.length > 0 && (
          <>
            <p>{t('privacy.erase.willKeep')}</p>
            <ul data-testid="keep-list">
              {kept.map((a) => (
                <li key={a.id}>
                  <span className="mono">№ {a.journalNo}</span> — {a.eraseBlocker && t(`privacy.subject.blockers.${a.eraseBlocker}`)}
                </li>
              ))}
            </ul>
          </>
        )}
        <p className="muted">{t('privacy.erase.keep')}</p>
      </div>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setSubmitted(true);
          if (clientError || busy) return;
          setBusy(true);
          setError(null);
          void api['subjects.erase']({ idNumber, requestRef }).then((result) => {
            setBusy(false);
            if (result.ok) onDone(result.value);
            else setError(result.error);
          });
        }}
      >
        <Field
          id="erase-request-ref"
          label={t('privacy.erase.requestRef')}
          hint={t('privacy.erase.requestRefHint')}
          value={requestRef}
          error={fieldError}
          autoComplete="off"
          autoFocus
          maxLength={40}
          onChange={(e) => {
            setRequestRef(e.target.value);
            setError(null);
          }}
        />
        <FormAlert error={error} shownFields={['requestRef']} />
        <DialogActions submitLabel={t('privacy.erase.confirm')} busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
