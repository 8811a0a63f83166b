/** The administrator adds an account; errors appear next to the fields as they type. */
import { useTranslation } from 'react-i18next';
import { roles, schemas, type Clerk } from '../../../../preload/contract';
import { api } from '../../api';
import { Field, SelectField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useForm, zodFieldErrors } from '../../components/use-form';

const validate = (values: Record<string, string>) => zodFieldErrors(schemas.createClerkInput, values);
const empty = { login: '', fullName: '', role: 'clerk', password: '' };

export function CreateClerkForm({ onCreated }: { onCreated: (clerk: Clerk) => void }) {
  const { t } = useTranslation();
  const form = useForm(empty, { idPrefix: 'new-clerk', validate, live: true });
  const roleOptions = roles.map((role) => ({ value: role, label: t(`roles.${role}`) }));

  return (
    <section className="card" aria-labelledby="new-clerk-title">
      <h2 id="new-clerk-title">{t('clerks.createTitle')}</h2>
      <form
        noValidate
        onSubmit={form.onSubmit(async (values) => {
          const role = roles.find((r) => r === values.role) ?? 'clerk';
          const result = await api['clerks.create']({ ...values, role });
          if (result.ok) {
            form.reset(empty);
            onCreated(result.value);
            document.getElementById('new-clerk-login')?.focus();
          }
          return result;
        })}
      >
        <div className="form-grid">
          <Field label={t('fields.login')} autoComplete="off" spellCheck={false} {...form.bind('login')} />
          <Field label={t('fields.fullName')} autoComplete="off" {...form.bind('fullName')} />
          <SelectField label={t('fields.role')} options={roleOptions} {...form.bind('role')} />
          <Field
            label={t('fields.password')}
            hint={t('password.hint')}
            type="password"
            autoComplete="new-password"
            {...form.bind('password')}
          />
        </div>
        <FormAlert error={form.serverError} shownFields={form.fieldNames} />
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {t('clerks.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
