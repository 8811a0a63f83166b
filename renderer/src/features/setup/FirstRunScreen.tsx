/** First run: there is no account yet, so the first one is the administrator's. */
import { useTranslation } from 'react-i18next';
import { schemas } from '../../../../preload/contract';
import { api } from '../../api';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useForm, zodFieldErrors } from '../../components/use-form';
import { useSession } from '../../stores/session';
import { AuthLayout } from '../login/AuthLayout';

const validate = (values: Record<string, string>) => zodFieldErrors(schemas.setupInput, values);

export function FirstRunScreen() {
  const { t } = useTranslation();
  const signedIn = useSession((s) => s.signedIn);
  const showLogin = useSession((s) => s.showLogin);
  const form = useForm({ login: '', password: '', passwordRepeat: '' }, { idPrefix: 'setup', validate, live: true });

  return (
    <AuthLayout>
      <h1>{t('setup.title')}</h1>
      <p className="lead">{t('setup.intro')}</p>
      <form
        noValidate
        onSubmit={form.onSubmit(async (values) => {
          const result = await api['setup.createAdmin'](values);
          if (result.ok) signedIn(result.value);
          else if (result.error.code === 'already_set_up') showLogin({ kind: 'error', error: result.error });
          return result;
        })}
      >
        <Field label={t('fields.login')} hint={t('setup.loginHint')} autoComplete="username" autoFocus {...form.bind('login')} />
        <Field
          label={t('fields.password')}
          hint={t('setup.passwordHint')}
          type="password"
          autoComplete="new-password"
          {...form.bind('password')}
        />
        <Field label={t('fields.passwordRepeat')} type="password" autoComplete="new-password" {...form.bind('passwordRepeat')} />
        <FormAlert error={form.serverError} shownFields={form.fieldNames} />
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {t('setup.submit')}
          </button>
        </div>
      </form>
    </AuthLayout>
  );
}
