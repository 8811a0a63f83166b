/**
 * After an administrator created the account or reset its password: the clerk sets their own
 * before anything else (the main process refuses other work until then).
 */
import { useTranslation } from 'react-i18next';
import { schemas } from '../../../../preload/contract';
import { api } from '../../api';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useForm, zodFieldErrors } from '../../components/use-form';
import { useSession } from '../../stores/session';
import { AuthLayout } from '../login/AuthLayout';

const validate = (values: Record<string, string>) => zodFieldErrors(schemas.changePasswordInput, values);

export function ForcedPasswordScreen() {
  const { t } = useTranslation();
  const passwordChanged = useSession((s) => s.passwordChanged);
  const logout = useSession((s) => s.logout);
  const form = useForm({ currentPassword: '', newPassword: '', newPasswordRepeat: '' }, { idPrefix: 'forced-password', validate });

  return (
    <AuthLayout>
      <h1>{t('password.forcedTitle')}</h1>
      <p>{t('password.forcedIntro')}</p>
      <form
        noValidate
        onSubmit={form.onSubmit(async (values) => {
          const result = await api['auth.changePassword'](values);
          if (result.ok) passwordChanged();
          return result;
        })}
      >
        <Field
          label={t('password.forcedCurrent')}
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
