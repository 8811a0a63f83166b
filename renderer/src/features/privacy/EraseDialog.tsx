/**
 * «Досрочное удаление персональных данных»: says which journal numbers lose their personal data
 * and which keep it (and why), and asks for the number of the citizen's written request, which
 * goes into the audit log with the erase.
 */
import { useTranslation } from 'react-i18next';
import { subjectEraseInput, type SubjectApplication, type SubjectEraseResult } from '../../../../preload/contract';
import { api } from '../../api';
import { Dialog, DialogActions } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useForm, zodFieldErrors } from '../../components/use-form';

const refSchema = subjectEraseInput.pick({ requestRef: true });
const validate = (values: { requestRef: string }) => zodFieldErrors(refSchema, values);

type Props = {
  idNumber: string;
  applications: readonly SubjectApplication[];
  onDone: (result: SubjectEraseResult) => void;
  onClose: () => void;
};

export function EraseDialog({ idNumber, applications, onDone, onClose }: Props) {
  const { t } = useTranslation();
  const form = useForm({ requestRef: '' }, { idPrefix: 'erase', validate });
  const { busy } = form;
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
        onSubmit={form.onSubmit(async ({ requestRef }) => {
          const result = await api['subjects.erase']({ idNumber, requestRef });
          if (result.ok) onDone(result.value);
          return result;
        })}
      >
        <Field
          label={t('privacy.erase.requestRef')}
          hint={t('privacy.erase.requestRefHint')}
          autoComplete="off"
          autoFocus
          maxLength={40}
          {...form.bind('requestRef')}
        />
        <FormAlert error={form.serverError} shownFields={form.fieldNames} />
        <DialogActions submitLabel={t('privacy.erase.confirm')} busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
