/** Small dialogs of the «Сотрудники» screen: change a role, set a new password. */
import { useTranslation } from 'react-i18next';
import { roles, schemas, type Clerk, type Result } from '../../../../preload/contract';
import { api } from '../../api';
import { Dialog, DialogActions } from '../../components/Dialog';
import { Field, SelectField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useForm, zodFieldErrors } from '../../components/use-form';

type Props = { clerk: Clerk; onClose: () => void; onDone: (clerk: Clerk) => void };

const finish = (result: Result<Clerk>, onDone: (clerk: Clerk) => void): Result<Clerk> => {
  if (result.ok) onDone(result.value);
  return result;
};

export function RoleDialog({ clerk, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const initial: { role: string } = { role: clerk.role };
  const form = useForm(initial, { idPrefix: 'role-change' });
  const roleOptions = roles.map((role) => ({ value: role, label: t(`roles.${role}`) }));
  return (
    <Dialog title={t('clerks.roleDialogTitle', { login: clerk.login })} onClose={onClose}>
      <form
        noValidate
        onSubmit={form.onSubmit(async (values) => {
          const role = roles.find((r) => r === values.role);
          if (!role || role === clerk.role) {
            onClose();
            return;
          }
          return finish(await api['clerks.update']({ id: clerk.id, role }), onDone);
        })}
      >
        <SelectField label={t('fields.role')} options={roleOptions} autoFocus {...form.bind('role')} />
        <FormAlert error={form.serverError} shownFields={form.fieldNames} />
        <DialogActions submitLabel={t('common.save')} busy={form.busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

const validatePassword = (values: Record<string, string>) => zodFieldErrors(schemas.resetPasswordInput.pick({ password: true }), values);

export function ResetPasswordDialog({ clerk, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const form = useForm({ password: '' }, { idPrefix: 'reset-password', validate: validatePassword, live: true });
  return (
    <Dialog title={t('clerks.resetDialogTitle', { login: clerk.login })} onClose={onClose}>
      <form
        noValidate
        onSubmit={form.onSubmit(async (values) =>
          finish(await api['clerks.resetPassword']({ id: clerk.id, password: values.password }), onDone),
        )}
      >
        <Field
          label={t('clerks.newPassword')}
          hint={t('clerks.resetHint')}
          type="password"
          autoComplete="new-password"
          autoFocus
          {...form.bind('password')}
        />
        <FormAlert error={form.serverError} shownFields={form.fieldNames} />
        <DialogActions submitLabel={t('clerks.resetPassword')} busy={form.busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
