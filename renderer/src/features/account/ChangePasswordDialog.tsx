/** The clerk changes their own password (current one first). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog, DialogActions } from '../../components/Dialog';
import { PasswordChangeFields, usePasswordChangeForm } from './PasswordChangeFields';

export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [done, setDone] = useState(false);
  const { form, onSubmit } = usePasswordChangeForm('own-password', () => setDone(true), true);

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
        <form noValidate onSubmit={onSubmit}>
          <PasswordChangeFields form={form} currentLabel={t('password.current')} />
          <DialogActions submitLabel={t('password.submit')} busy={form.busy} onCancel={onClose} />
        </form>
      )}
    </Dialog>
  );
}
