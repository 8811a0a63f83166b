/**
 * «Сеанс заблокирован»: over the still-mounted (inert) work screen, so nothing typed there is
 * lost. Only the clerk's password, or ending the session, gets past it.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { schemas } from '../../../../preload/contract';
import { api } from '../../api';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useForm, zodFieldErrors } from '../../components/use-form';
import { useSession } from '../../stores/session';

const validate = (values: Record<string, string>) => zodFieldErrors(schemas.unlockInput, values);

export function LockOverlay() {
  const { t } = useTranslation();
  const session = useSession((s) => s.session);
  const unlocked = useSession((s) => s.unlocked);
  const logout = useSession((s) => s.logout);
  const [leaving, setLeaving] = useState(false);
  const form = useForm({ password: '' }, { idPrefix: 'unlock', validate });

  return (
    <Dialog title={t('lock.title')} onClose={null} className="dialog--lock" describedBy="lock-who">
      <p id="lock-who" className="lead">
        {t('lock.who', { name: session?.fullName ?? '' })}
      </p>
      <p className="muted">{t('lock.hint')}</p>
      <form
        noValidate
        onSubmit={form.onSubmit(async (values) => {
          const result = await api['auth.unlock'](values);
          if (result.ok) unlocked(result.value);
          return result;
        })}
      >
        <Field label={t('fields.password')} type="password" autoComplete="current-password" autoFocus {...form.bind('password')} />
        <FormAlert error={form.serverError} shownFields={form.fieldNames} />
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {t('lock.submit')}
          </button>
          <button
            type="button"
            className="button button--quiet"
            disabled={leaving}
            onClick={() => {
              setLeaving(true);
              void logout().finally(() => setLeaving(false));
            }}
          >
            {t('lock.endSession')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
