/** The clerk changes their own password (current one first). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { schemas } from '../../../../preload/contract';
import { api } from '../../api';
import { Dialog, DialogActions } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useForm, zodFieldErrors } from '../../components/use-form';

const validate = (values: Record<string, string>) => zodFieldErrors(schemas.changePasswordInput, values);

export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  const form = useForm({ currentPassword: '', newPassword: '', newPasswordRepeat: '' }, { idPrefix: 'own-password', validate, live: true });

  return (
    <Dialog title={t('password.title')} onClose={onClose}>
      {done ? (
        <>
          <p role="status" className="alert alert--ok">
            {t('password.done')}
          </p>
          <div className="form-actions">
            <button type="button" className="button button--primary" autoFocus onClick={onClose}>
              {t('common.close')}
            </button>
          </div>
        </>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit(async (values) => {
            const result = await api['auth.changePassword'](values);
            if (result.ok) setDone(true);
            return result;
          })}
        >
          <Field
            label={t('password.current')}
            type="password"
            autoComplete="current-password"
            autoFocus
            {...form.bind('currentPassword')}
          />
          <Field
            label={t('password.next')}
            hint={t('password.hint')}
            type="password"
            autoComplete="new-password"
            {...form.bind('newPassword')}
          />
          <Field label={t('password.repeat')} type="password" autoComplete="new-password" {...form.bind('newPasswordRepeat')} />
          <FormAlert error={form.serverError} shownFields={form.fieldNames} />
          <DialogActions submitLabel={t('password.submit')} busy={form.busy} onCancel={onClose} />
        </form>
      )}
    </Dialog>
  );
}
