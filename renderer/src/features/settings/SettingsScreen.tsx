/**
 * «Настройки»: the workstation settings, the registry's address, the deferred phone confirmation
 * and the retention period of personal data among them. Administrators edit them, except the keys
 * IT fixed in the config file (shown disabled, with a note); everyone else sees them read-only.
 * The workstation token has its own small form: it is written, never shown (only whether it is
 * set, and by whom). The devices' settings (`reader`, `printer`) belong to «Устройства» and are
 * neither shown nor saved here.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  mayCall,
  schemas,
  setTokenInput,
  type AppError,
  type ChannelOutput,
  type FieldErrors,
  type SettingKey,
  type Settings,
  type SupervisorConfirmation,
} from '../../../../preload/contract';
import { api } from '../../api';
import { Field, SelectField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useForm, zodFieldErrors } from '../../components/use-form';
import { fieldText, languages } from '../../i18n';
import { useSession } from '../../stores/session';
import {
  asksConfirmation,
  confirmationFields,
  confirmationInput,
  emptyConfirmation,
  SupervisorConfirmationFields,
} from './SupervisorConfirmation';

/** The keys this screen shows and saves. */
const generalKeys = [
  'officeCode',
  'officeName',
  'workstationId',
  'idleLockMinutes',
  'language',
  'registryUrl',
  'allowDeferredPhone',
  'retentionDays',
  'draftDays',
] as const satisfies readonly SettingKey[];
type GeneralKey = (typeof generalKeys)[number];
type Values = Record<GeneralKey, string>;

const generalSchema = schemas.settingsSchema.pick({
  officeCode: true,
  officeName: true,
  workstationId: true,
  idleLockMinutes: true,
  language: true,
  registryUrl: true,
  allowDeferredPhone: true,
  retentionDays: true,
  draftDays: true,
});

const isGeneral = (key: SettingKey): key is GeneralKey => (generalKeys as readonly SettingKey[]).includes(key);

/** What the last save did, as a key so it follows a language switch. */
type Status = 'settings.saved' | 'settings.nothingChanged';

const toValues = (s: Settings): Values => ({
  officeCode: s.officeCode,
  officeName: s.officeName,
  workstationId: s.workstationId,
  idleLockMinutes: String(s.idleLockMinutes),
  language: s.language,
  registryUrl: s.registryUrl,
  allowDeferredPhone: String(s.allowDeferredPhone),
  retentionDays: String(s.retentionDays),
  draftDays: String(s.draftDays),
});

/** A number field's string as a number ('' stays missing, junk stays invalid). */
const toNumber = (value: string): number | undefined => (value.trim() === '' ? undefined : Number(value));

/** The form's strings as the contract's types: minutes and days become numbers, the checkbox a boolean. */
const toInput = (v: Values): Record<GeneralKey, unknown> => ({
  ...v,
  idleLockMinutes: toNumber(v.idleLockMinutes),
  retentionDays: toNumber(v.retentionDays),
  draftDays: toNumber(v.draftDays),
  allowDeferredPhone: v.allowDeferredPhone === 'true',
});

type TokenState = ChannelOutput<'settings.get'>['registryToken'];

const validate = (v: Values): FieldErrors => zodFieldErrors(generalSchema, toInput(v));
const validateToken = (v: { token: string }): FieldErrors => zodFieldErrors(setTokenInput, v);
const emptyToken = { token: '' };

export function SettingsScreen() {
  const { t } = useTranslation();
  const role = useSession((s) => s.session?.role ?? null);
  const refreshInfo = useSession((s) => s.refreshInfo);
  const [loaded, setLoaded] = useState<{ values: Values; readonly: readonly GeneralKey[]; registryToken: TokenState } | null>(null);
  const [loadError, setLoadError] = useState<AppError | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const canEdit = role !== null && mayCall('settings.update', role);

  useEffect(() => {
    let live = true;
    void api['settings.get']({}).then((result) => {
      if (!live) return;
      if (result.ok)
        setLoaded({
          values: toValues(result.value.values),
          readonly: result.value.readonly.filter(isGeneral),
          registryToken: result.value.registryToken,
        });
      else setLoadError(result.error);
    });
    return () => {
      live = false;
    };
  }, []);

  return (
    <section className="screen" aria-labelledby="settings-title">
      <h1 id="settings-title" tabIndex={-1}>
        {t('settings.title')}
      </h1>
      <FormAlert error={loadError} />
      {loaded ? (
        <>
          <SettingsForm
            initial={loaded.values}
            readonly={loaded.readonly}
            canEdit={canEdit}
            status={status}
            onSaved={(values) => {
              setLoaded((l) => (l ? { ...l, values } : l));
              setStatus('settings.saved');
              void refreshInfo();
            }}
            onStatus={setStatus}
          />
          <TokenForm
            state={loaded.registryToken}
            canEdit={canEdit && mayCall('registry.setToken', role)}
            onSaved={(registryToken) => setLoaded((l) => (l ? { ...l, registryToken } : l))}
          />
        </>
      ) : (
        !loadError && <p className="muted">{t('app.loading')}</p>
      )}
    </section>
  );
}

type FormProps = {
  initial: Values;
  readonly: readonly GeneralKey[];
  canEdit: boolean;
  status: Status | null;
  onSaved: (values: Values) => void;
  onStatus: (status: Status | null) => void;
};

function SettingsForm({ initial, readonly, canEdit, status, onSaved, onStatus }: FormProps) {
  const { t } = useTranslation();
  const form = useForm(initial, { idPrefix: 'settings', validate, live: true });
  const locked = (key: GeneralKey) => !canEdit || readonly.includes(key);
  const note = (key: GeneralKey) => (readonly.includes(key) ? t('settings.readonlyNote') : undefined);
  /** A field bound to its setting: read-only with IT's note when the config file sets it. */
  const setting = (key: GeneralKey) => ({ disabled: locked(key), note: note(key), ...form.bind(key) });
  const languageOptions = languages.map((l) => ({ value: l, label: t(`languages.${l}`), lang: l }));
  const deferredId = 'settings-allowDeferredPhone';
  const deferredError = form.errorOf('allowDeferredPhone');
  // Asked for by the main process while applications are queued (a new registry address).
  const [confirmation, setConfirmation] = useState<SupervisorConfirmation | null>(null);

  return (
    <form
      noValidate
      className="card"
      onSubmit={form.onSubmit(async (values) => {
        onStatus(null);
        const input = toInput(values);
        const changed = generalKeys.filter((k) => !readonly.includes(k) && values[k] !== initial[k]);
        if (changed.length === 0) {
          onStatus('settings.nothingChanged');
          return;
        }
        const patch = { ...Object.fromEntries(changed.map((k) => [k, input[k]])), ...confirmationInput(confirmation) };
        const parsed = schemas.settingsUpdateInput.safeParse(patch);
        if (!parsed.success)
          return { ok: false, error: { code: 'validation', message: '', fields: zodFieldErrors(schemas.settingsUpdateInput, patch) } };
        const result = await api['settings.update'](parsed.data);
        if (result.ok) {
          const saved = toValues(result.value.values);
          form.reset(saved);
          setConfirmation(null);
          onSaved(saved);
        } else if (asksConfirmation(result.error)) setConfirmation((c) => ({ ...(c ?? emptyConfirmation), password: '' }));
        return result;
      })}
    >
      {!canEdit && <p className="alert alert--info">{t('settings.adminOnly')}</p>}
      <div className="form-grid">
        <Field label={t('settings.officeCode')} spellCheck={false} {...setting('officeCode')} />
        <Field label={t('settings.officeName')} {...setting('officeName')} />
        <Field label={t('settings.workstationId')} spellCheck={false} {...setting('workstationId')} />
        <Field
          label={t('settings.idleLockMinutes')}
          type="number"
          inputMode="numeric"
          min={1}
          max={120}
          step={1}
          {...setting('idleLockMinutes')}
        />
        <SelectField label={t('settings.language')} options={languageOptions} {...setting('language')} />
        <Field
          label={t('settings.retentionDays')}
          hint={t('settings.retentionDaysHint')}
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          step={1}
          {...setting('retentionDays')}
        />
        <Field
          label={t('settings.draftDays')}
          hint={t('settings.draftDaysHint')}
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          step={1}
          {...setting('draftDays')}
        />
        <Field
          label={t('settings.registryUrl')}
          hint={t('settings.registryUrlHint')}
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          className="settings__wide mono-input"
          {...setting('registryUrl')}
        />
      </div>
      <div className="checkbox settings__checkbox">
        <input
          id={deferredId}
          type="checkbox"
          checked={form.values.allowDeferredPhone === 'true'}
          disabled={locked('allowDeferredPhone')}
          aria-invalid={deferredError ? true : undefined}
          aria-describedby={deferredError ? `${deferredId}-error ${deferredId}-hint` : `${deferredId}-hint`}
          onChange={(e) => form.change('allowDeferredPhone', e.target.checked ? 'true' : 'false')}
        />
        <label htmlFor={deferredId}>{t('settings.allowDeferredPhone')}</label>
      </div>
      {deferredError && (
        <p id={`${deferredId}-error`} className="field__error">
          {fieldText(deferredError)}
        </p>
      )}
      <p id={`${deferredId}-hint`} className="field__hint settings__checkbox-hint">
        {t('settings.allowDeferredPhoneHint')}
        {readonly.includes('allowDeferredPhone') && <> {t('settings.readonlyNote')}</>}
      </p>
      {confirmation && (
        <SupervisorConfirmationFields idPrefix="settings" value={confirmation} error={form.serverError} onChange={setConfirmation} />
      )}
      <FormAlert error={form.serverError} shownFields={[...form.fieldNames, ...confirmationFields]} />
      <div role="status" className={status ? 'alert alert--ok' : 'visually-empty'}>
        {status && t(status)}
      </div>
      {canEdit && (
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={form.busy}>
            {t('common.save')}
          </button>
        </div>
      )}
    </form>
  );
}

/**
 * «Токен рабочего места»: the token IT issued for this workstation, written here and never read
 * back (the field is always empty; the screen says only whether one is set, and by whom). A token
 * IT set in the config file cannot be replaced here.
 */
function TokenForm({ state, canEdit, onSaved }: { state: TokenState; canEdit: boolean; onSaved: (state: TokenState) => void }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  const form = useForm(emptyToken, { idPrefix: 'registry', validate: validateToken });
  const fixed = state === 'config';
  const [confirmation, setConfirmation] = useState<SupervisorConfirmation | null>(null);

  return (
    <section className="card" aria-labelledby="registry-token-title">
      <h2 id="registry-token-title">{t('settings.token.title')}</h2>
      <p className="token-state">{t('settings.token.state', { state: t(`settings.token.states.${state}`) })}</p>
      {canEdit && !fixed && (
        <form
          noValidate
          onSubmit={form.onSubmit(async (values) => {
            setSaved(false);
            const result = await api['registry.setToken']({ token: values.token, ...confirmationInput(confirmation) });
            if (result.ok) {
              form.reset();
              setConfirmation(null);
              onSaved(result.value.registryToken);
              setSaved(true);
            } else if (asksConfirmation(result.error)) setConfirmation((c) => ({ ...(c ?? emptyConfirmation), password: '' }));
            return result;
          })}
        >
          <div className="form-grid">
            <Field
              label={t('settings.token.field')}
              hint={t('settings.token.hint')}
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              {...form.bind('token')}
              onChange={(e) => {
                setSaved(false);
                form.change('token', e.target.value);
              }}
            />
          </div>
          {confirmation && (
            <SupervisorConfirmationFields idPrefix="registry" value={confirmation} error={form.serverError} onChange={setConfirmation} />
          )}
          <FormAlert error={form.serverError} shownFields={[...form.fieldNames, ...confirmationFields]} />
          <div role="status" className={saved ? 'alert alert--ok' : 'visually-empty'}>
            {saved && t('settings.token.saved')}
          </div>
          <div className="form-actions">
            <button type="submit" className="button button--primary" disabled={form.busy}>
              {t('settings.token.submit')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
