/**
 * First run: there is no account yet, so the first one is the administrator's. Unless IT's config
 * file gave them, the same form asks who the desk is (office code, workstation number): the desk
 * numbers no application without them.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { schemas } from '../../../../preload/contract';
import { api } from '../../api';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useForm, zodFieldErrors } from '../../components/use-form';
import { useSession } from '../../stores/session';
import { AuthLayout } from '../login/AuthLayout';

type Values = { login: string; password: string; passwordRepeat: string; officeCode: string; workstationId: string };

/** The values to send: the desk's fields only where the form asks for them. */
function toInput(values: Values, ask: { officeCode: boolean; workstationId: boolean }) {
  const { officeCode, workstationId, ...account } = values;
  return { ...account, ...(ask.officeCode && { officeCode }), ...(ask.workstationId && { workstationId }) };
}

export function FirstRunScreen() {
  const { t } = useTranslation();
  const signedIn = useSession((s) => s.signedIn);
  const showLogin = useSession((s) => s.showLogin);
  const refreshInfo = useSession((s) => s.refreshInfo);
  const info = useSession((s) => s.info);
  const askOffice = info?.officeCode === '';
  const askWorkstation = info?.workstationId === '';
  const validate = useCallback(
    (values: Values) => zodFieldErrors(schemas.setupInput, toInput(values, { officeCode: askOffice, workstationId: askWorkstation })),
    [askOffice, askWorkstation],
  );
  const form = useForm<Values>(
    { login: '', password: '', passwordRepeat: '', officeCode: '', workstationId: '' },
    { idPrefix: 'setup', validate, live: true },
  );

  return (
    <AuthLayout>
      <h1>{t('setup.title')}</h1>
      <p className="lead">{t('setup.intro')}</p>
      <form
        noValidate
        onSubmit={form.onSubmit(async (values) => {
          const result = await api['setup.createAdmin'](toInput(values, { officeCode: askOffice, workstationId: askWorkstation }));
          if (result.ok) {
            signedIn(result.value);
            // The desk's office and number were just stored: the header shows them (no event reaches a page before its session).
            if (askOffice || askWorkstation) void refreshInfo();
          } else if (result.error.code === 'already_set_up') showLogin({ kind: 'error', error: result.error });
          return result;
        })}
      >
        {askOffice && (
          <Field
            label={t('settings.officeCode')}
            hint={t('setup.officeCodeHint')}
            spellCheck={false}
            autoFocus
            {...form.bind('officeCode')}
          />
        )}
        {askWorkstation && (
          <Field
            label={t('settings.workstationId')}
            hint={t('setup.workstationHint')}
            inputMode="numeric"
            spellCheck={false}
            // The first field of the form takes focus: the office's code when that is asked too.
            autoFocus={!askOffice}
            {...form.bind('workstationId')}
          />
        )}
        <Field
          label={t('fields.login')}
          hint={t('setup.loginHint')}
          autoComplete="username"
          autoFocus={!askOffice && !askWorkstation}
          {...form.bind('login')}
        />
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
