/** The change of one's own password, as the dialog and the forced-change screen both ask it. */
import { useTranslation } from 'react-i18next';
import { schemas } from '../../../../preload/contract';
import { api } from '../../api';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useForm, zodFieldErrors } from '../../components/use-form';

const validate = (values: Record<string, string>) => zodFieldErrors(schemas.changePasswordInput, values);

export function usePasswordChangeForm(idPrefix: string, onChanged: () => void, live = false) {
  const form = useForm({ currentPassword: '', newPassword: '', newPasswordRepeat: '' }, { idPrefix, validate, live });
  const onSubmit = form.onSubmit(async (values) => {
    const result = await api['auth.changePassword'](values);
    if (result.ok) onChanged();
    return result;
  });
  return { form, onSubmit };
}

export function PasswordChangeFields({
  form,
  currentLabel,
}: {
  form: ReturnType<typeof usePasswordChangeForm>['form'];
  currentLabel: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={currentLabel} type="password" autoComplete="current-password" autoFocus {...form.bind('currentPassword')} />
      <Field
        label={t('password.next')}
        hint={t('password.hint')}
        type="password"
        autoComplete="new-password"
        {...form.bind('newPassword')}
      />
      <Field label={t('password.repeat')} type="password" autoComplete="new-password" {...form.bind('newPasswordRepeat')} />
      <FormAlert error={form.serverError} shownFields={form.fieldNames} />
    </>
  );
}
