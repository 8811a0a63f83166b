/**
 * The supervisor's confirmation on «Настройки»: while applications wait in the queue, the registry's
 * address and the workstation token change only when a supervisor types their login and password
 * at the administrator's desk (the main process checks them like a login, with the same lockout).
 * Shown once the main process has said a confirmation is needed; the password is never kept after
 * the request.
 */
import { useTranslation } from 'react-i18next';
import type { AppError, SupervisorConfirmation } from '../../../../preload/contract';
import { Field } from '../../components/Field';

export const emptyConfirmation: SupervisorConfirmation = { login: '', password: '' };

/** The fields this block shows, so the form's alert does not repeat their messages. */
export const confirmationFields = ['supervisor', 'supervisor.login', 'supervisor.password'] as const;

/** The main process asked for a confirmation, or refused the one given. */
export const asksConfirmation = (error: AppError | null): boolean =>
  error !== null && (error.code === 'confirmation_required' || error.fields?.['supervisor.password'] !== undefined);

/** What goes with the request: only a confirmation with both fields typed. */
export const confirmationInput = (value: SupervisorConfirmation | null) =>
  value && value.login.trim() !== '' && value.password !== ''
    ? { supervisor: { login: value.login.trim(), password: value.password } }
    : {};

type Props = {
  idPrefix: string;
  value: SupervisorConfirmation;
  error: AppError | null;
  onChange: (value: SupervisorConfirmation) => void;
};

export function SupervisorConfirmationFields({ idPrefix, value, error, onChange }: Props) {
  const { t } = useTranslation();
  const id = `${idPrefix}-supervisor`;
  return (
    <fieldset className="settings__confirmation" aria-describedby={`${id}-why`}>
      <legend>{t('settings.confirm.title')}</legend>
      <p id={`${id}-why`} className="field__hint">
        {t('settings.confirm.why')}
      </p>
      <div className="form-grid">
        <Field
          id={`${id}-login`}
          label={t('settings.confirm.login')}
          autoComplete="off"
          spellCheck={false}
          value={value.login}
          error={error?.fields?.['supervisor.login']}
          onChange={(e) => onChange({ ...value, login: e.target.value })}
        />
        <Field
          id={`${id}-password`}
          label={t('settings.confirm.password')}
          type="password"
          autoComplete="off"
          value={value.password}
          error={error?.fields?.['supervisor.password']}
          onChange={(e) => onChange({ ...value, password: e.target.value })}
        />
      </div>
    </fieldset>
  );
}
