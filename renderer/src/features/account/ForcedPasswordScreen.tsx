/**
 * After an administrator created the account or reset its password: the clerk sets their own
 * before anything else (the main process refuses other work until then).
 */
import { useTranslation } from 'react-i18next';
import { useSession } from '../../stores/session';
import { AuthLayout } from '../login/AuthLayout';
import { PasswordChangeFields, usePasswordChangeForm } from './PasswordChangeFields';

export function ForcedPasswordScreen() {
  const { t } = useTranslation();
  const passwordChanged = useSession((s) => s.passwordChanged);
  const logout = useSession((s) => s.logout);
  const { form, onSubmit } = usePasswordChangeForm('forced-password', passwordChanged);

  return (
    <AuthLayout>
      <h1>{t('password.forcedTitle')}</h1>
      <p>{t('password.forcedIntro')}</p>
      <form noValidate onSubmit={onSubmit}>
        <PasswordChangeFields form={form} currentLabel={t('password.forcedCurrent')} />
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {t('password.submit')}
          </button>
          <button type="button" className="button" onClick={() => void logout()}>
            {t('password.logout')}
          </button>
        </div>
      </form>
    </AuthLayout>
  );
}
