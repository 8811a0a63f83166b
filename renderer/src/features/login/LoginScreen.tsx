/** Login. The refusal reasons (wrong password, locked, disabled) are read out as an alert. */
import { useTranslation } from 'react-i18next';
import { schemas } from '../../../../preload/contract';
import { api } from '../../api';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useForm, zodFieldErrors } from '../../components/use-form';
import { useSession } from '../../stores/session';
import { AuthLayout } from './AuthLayout';

const validate = (values: Record<string, string>) => zodFieldErrors(schemas.loginInput, values);

export function LoginScreen() {
  const { t } = useTranslation();
  const signedIn = useSession((s) => s.signedIn);
  const notice = useSession((s) => s.notice);
  const form = useForm({ login: '', password: '' }, { idPrefix: 'login', validate });
  // A fresh answer replaces the notice that brought the clerk here.
  const error = form.serverError ?? (notice?.kind === 'error' ? notice.error : null);

  return (
    <AuthLayout>
      <h1>{t('login.title')}</h1>
      {notice?.kind === 'ended' && !form.serverError && (
        <p role="status" className="alert alert--info">
          {t('login.ended')}
        </p>
      )}
      <form
        noValidate
        onSubmit={form.onSubmit(async (values) => {
          const result = await api['auth.login'](values);
          if (result.ok) signedIn(result.value);
          return result;
        })}
      >
        <Field label={t('fields.login')} autoComplete="username" autoFocus {...form.bind('login')} />
        <Field label={t('fields.password')} type="password" autoComplete="current-password" {...form.bind('password')} />
        <FormAlert error={error} shownFields={form.fieldNames} />
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {t('login.submit')}
          </button>
        </div>
      </form>
    </AuthLayout>
  );
}
