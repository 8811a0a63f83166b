/**
 * One form for the five procedures. The draft lives in the application-form store (a scanned
 * document can fill it); errors come from the contract's own zod schema as the clerk types, and
 * the main process's `fields` show next to the same inputs. Before creating, an open or approved
 * application of the same procedure for the same person blocks the form. A document read on the
 * card reader while the form is open fills it (use-scan-fill). Procedures with a phone confirm it
 * by an SMS code (PhoneConfirmation); a valid identification number may be looked up in the
 * registry on request (UidLookup). The keyboard path (keyboard-path.ts): after a scan focus is on
 * the first empty field to fill, Enter moves to the next one; dates are one masked text input each.
 */
import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  applicationInput,
  checkIdNumber,
  documentTypes,
  needsPhone,
  normalizeIdNumber,
  type AppError,
  type ApplicationSummary,
  type FieldErrors,
  type Procedure,
} from '../../../../preload/contract';
import { api } from '../../api';
import { DateField } from '../../components/DateField';
import { Field, SelectField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { zodFieldErrors } from '../../components/use-form';
import { fieldErrorText, fieldText, i18n } from '../../i18n';
import {
  confirmedPhoneId,
  textFields,
  toInput,
  useApplicationForm,
  type FormField,
  type FormValues,
  type TextField,
} from '../../stores/application-form';
import { useUi } from '../../stores/ui';
import { formatDay } from './format';
import { PhoneConfirmation } from './PhoneConfirmation';
import { UidLookup } from './UidLookup';
import { RecentConfirm } from './RecentConfirm';
import { BlockConfirm } from './BlockConfirm';
import { ScanNotice } from './ScanNotice';
import { formEnterKey } from './enter-keys';
import { onPath, useFocusNextEmpty, useScanFilledDates } from './keyboard-path';
import { useScanFill } from './use-scan-fill';
import { useIdNumberInput } from './use-id-number-input';

/** Every error of the draft: the whole contract schema, plus the ID-number cross-checks live. */
function validate(procedure: Procedure, values: FormValues): FieldErrors {
  const errors = zodFieldErrors(applicationInput, toInput(procedure, values));
  // The schema cross-checks birth date and sex only once everything else is valid; do it now.
  const id = checkIdNumber(values.idNumber.trim());
  if (id.ok) {
    const birthDate = values['person.birthDate'];
    const sex = values['person.sex'];
    if (birthDate !== '' && birthDate !== id.birthDate) errors['person.birthDate'] ??= i18n.t('applicationForm.birthDateMismatch');
    if (sex !== '' && sex !== id.sex) errors['person.sex'] ??= i18n.t('applicationForm.sexMismatch');
  }
  return { ...errors, ...emptyDateErrors(values) };
}

/** An empty required date says what to do («Укажите …»), not that its format is wrong. */
const requiredDates = { 'person.birthDate': 'keyboard.birthDateRequired', 'document.expiresAt': 'keyboard.expiresAtRequired' } as const;

function emptyDateErrors(values: FormValues): FieldErrors {
  const errors: FieldErrors = {};
  for (const [field, key] of Object.entries(requiredDates)) {
    if (values[field as keyof typeof requiredDates].trim() === '') errors[field] = i18n.t(key);
  }
  return errors;
}

const fieldOrder: readonly FormField[] = [...textFields, 'consent'];

type Duplicates = { idNumber: string; items: ApplicationSummary[] };

export function ApplicationForm({ procedure }: { procedure: Procedure }) {
  const { t } = useTranslation();
  const draft = useApplicationForm((s) => s.drafts[procedure]);
  const change = useApplicationForm((s) => s.change);
  const setConsent = useApplicationForm((s) => s.setConsent);
  const markSubmitted = useApplicationForm((s) => s.markSubmitted);
  const resetDraft = useApplicationForm((s) => s.reset);
  const openApplication = useUi((s) => s.openApplication);
  const [serverError, setServerError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [duplicates, setDuplicates] = useState<Duplicates | null>(null);
  const [phoneRefusal, setPhoneRefusal] = useState<{ phone: string; idNumber: string; error: AppError } | null>(null);
  /** A new password within 24 h of the last one: the clerk asks the citizen, then files it again (`confirmRecent`). */
  const [recent, setRecent] = useState<AppError | null>(null);
  /** «Заблокировать УИ …?» is open: the block is created only once the clerk confirms it. */
  const [askBlock, setAskBlock] = useState(false);
  const prefix = `app-${procedure}`;
  const duplicatesId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const focusNextEmpty = useFocusNextEmpty(formRef);

  const { values, touched, submitted } = draft;
  const scannedDates = useScanFilledDates(values);
  const errors = useMemo(() => validate(procedure, values), [procedure, values]);
  const idCheck = useMemo(() => checkIdNumber(values.idNumber.trim()), [values.idNumber]);
  const validId = idCheck.ok ? idCheck.idNumber : null;

  // Look for an open or approved application as soon as the number is valid.
  useEffect(() => {
    if (validId === null) return;
    let live = true;
    void api['applications.checkDuplicates']({ procedure, idNumber: validId }).then((result) => {
      if (live && result.ok) setDuplicates({ idNumber: validId, items: [...result.value.open, ...result.value.approved] });
    });
    return () => {
      live = false;
    };
  }, [procedure, validId]);

  const blocking = duplicates !== null && duplicates.idNumber === validId && duplicates.items.length > 0 ? duplicates.items : [];

  const idOf = (field: FormField) => `${prefix}-${field.replace('.', '-')}`;
  // PHONE_IN_USE belongs to this phone for this person: another of either clears it.
  const phoneRefused =
    phoneRefusal !== null && phoneRefusal.phone === values.phone && phoneRefusal.idNumber === values.idNumber ? phoneRefusal.error : null;
  const errorOf = (field: FormField): string | undefined =>
    (field === 'phone' ? fieldErrorText(phoneRefused, 'phone') : undefined) ??
    fieldErrorText(serverError, field) ??
    (submitted || touched.includes(field) ? errors[field] : undefined);

  const onChange = (field: TextField, value: string) => {
    change(procedure, field, value);
    setServerError((e) => {
      if (!e?.fields?.[field]) return e;
      const { [field]: _dropped, ...fields } = e.fields;
      return { ...e, fields };
    });
  };

  const { outcome: scan } = useScanFill(procedure, (scanned, cleared) => {
    const fields = Object.keys(scanned);
    // Another citizen's document: nothing the main process said about the previous one applies.
    if (cleared) {
      setServerError(null);
      setRecent(null);
    }
    setServerError((e) => {
      if (!e?.fields) return e;
      const rest = Object.fromEntries(Object.entries(e.fields).filter(([path]) => !fields.includes(path)));
      return { ...e, fields: rest };
    });
    // The MRZ has no Cyrillic names: the first empty field is usually «Фамилия», typed from the document.
    scannedDates.onScan(scanned);
    focusNextEmpty(null);
  });

  const onIdNumberChange = useIdNumberInput((value) => onChange('idNumber', value));

  const bind = (field: TextField) => ({
    id: idOf(field),
    name: field,
    value: values[field],
    error: errorOf(field),
    onChange: (e: { target: { value: string } }) => onChange(field, e.target.value),
  });

  /** A date field: scan-filled dates are no Tab stops (keyboard-path.ts). */
  const bindDate = (field: 'person.birthDate' | 'document.issuedAt' | 'document.expiresAt') => ({
    ...bind(field),
    tabIndex: scannedDates.tabIndexOf(field),
  });

  const focusFirst = (fields: FieldErrors) => {
    const first = fieldOrder.find((f) => fields[f]);
    if (first) document.getElementById(idOf(first))?.focus();
  };

  const submit = async (event: FormEvent | null, confirmRecent = false, blockConfirmed = false) => {
    event?.preventDefault();
    if (busy) return;
    setRecent(null);
    markSubmitted(procedure);
    if (Object.keys(errors).length > 0) {
      focusFirst(errors);
      return;
    }
    if (blocking.length > 0) {
      document.getElementById(duplicatesId)?.focus();
      return;
    }
    if (procedure === 'block' && !blockConfirmed) {
      setAskBlock(true);
      return;
    }
    setBusy(true);
    setServerError(null);
    try {
      const input = { ...toInput(procedure, values, confirmedPhoneId(draft)), ...(confirmRecent && { confirmRecent: true }) };
      const check = await api['applications.checkDuplicates']({ procedure, idNumber: input.idNumber });
      if (check.ok && check.value.open.length + check.value.approved.length > 0) {
        setDuplicates({ idNumber: input.idNumber, items: [...check.value.open, ...check.value.approved] });
        return;
      }
      const result = await api['applications.create'](input);
      if (result.ok) {
        resetDraft(procedure);
        openApplication(result.value.id);
        return;
      }
      if (result.error.code === 'recent_application') {
        setRecent(result.error);
        return;
      }
      setServerError(result.error);
      focusFirst(result.error.fields ?? {});
    } finally {
      setBusy(false);
    }
  };

  const suggestion = (() => {
    if (idCheck.ok || values.idNumber.trim() === '') return null;
    const normalized = normalizeIdNumber(values.idNumber);
    return normalized.changed && checkIdNumber(normalized.value).ok ? normalized.value : null;
  })();

  const sexOptions = [
    { value: '', label: t('applicationForm.sexChoose') },
    { value: 'M', label: t('sex.M') },
    { value: 'F', label: t('sex.F') },
  ];
  const documentOptions = documentTypes.map((type) => ({ value: type, label: t(`documentTypes.${type}`) }));
  const consentError = errorOf('consent');
  const consentId = idOf('consent');

  return (
    <section className="screen" aria-labelledby={`${prefix}-title`}>
      <h1 id={`${prefix}-title`} tabIndex={-1}>
        {t(`procedureTitles.${procedure}`)}
      </h1>
      <ScanNotice outcome={scan} />
      <form
        ref={formRef}
        noValidate
        onSubmit={(e) => void submit(e)}
        onKeyDown={(e) => {
          scannedDates.onKeyDown(e);
          formEnterKey(procedure)(e);
        }}
      >
        <div className="card">
          <h2>{t('applicationForm.personTitle')}</h2>
          <div className="form-grid">
            <Field
              label={t('applicationForm.idNumber')}
              hint={t('applicationForm.idNumberHint')}
              autoComplete="off"
              spellCheck={false}
              className="mono-input"
              {...onPath}
              note={
                suggestion !== null ? (
                  <button type="button" className="button button--small" onClick={() => onChange('idNumber', suggestion)}>
                    {t('applicationForm.fixTo', { value: suggestion })}
                  </button>
                ) : idCheck.ok && idCheck.warnings.length > 0 ? (
                  // Unknown region letter or code: a warning to check against the document, not an error.
                  <span className="field-warning" role="status">
                    {idCheck.warnings.map((w) => fieldText(w.message)).join(' ')}
                  </span>
                ) : undefined
              }
              {...bind('idNumber')}
              onChange={onIdNumberChange}
            />
            <SelectField label={t('applicationForm.sex')} options={sexOptions} {...onPath} {...bind('person.sex')} />
            <Field label={t('applicationForm.surname')} autoComplete="off" {...onPath} {...bind('person.surname')} />
            <Field label={t('applicationForm.givenNames')} autoComplete="off" {...onPath} {...bind('person.givenNames')} />
            <Field label={t('applicationForm.patronymic')} autoComplete="off" {...onPath} {...bind('person.patronymic')} />
            <DateField label={t('applicationForm.birthDate')} {...onPath} {...bindDate('person.birthDate')} />
            <Field label={t('applicationForm.surnameLatin')} autoComplete="off" spellCheck={false} {...bind('person.surnameLatin')} />
            <Field label={t('applicationForm.givenNamesLatin')} autoComplete="off" spellCheck={false} {...bind('person.givenNamesLatin')} />
            <Field label={t('applicationForm.citizenship')} autoComplete="off" maxLength={3} {...onPath} {...bind('person.citizenship')} />
          </div>
          {validId !== null && <UidLookup key={validId} idNumber={validId} />}
        </div>

        <div className="card">
          <h2>{t('applicationForm.documentTitle')}</h2>
          <div className="form-grid">
            <SelectField label={t('applicationForm.documentType')} options={documentOptions} {...onPath} {...bind('document.type')} />
            <Field label={t('applicationForm.issuer')} autoComplete="off" {...bind('document.issuer')} />
            <Field label={t('applicationForm.series')} autoComplete="off" spellCheck={false} {...bind('document.series')} />
            <Field label={t('applicationForm.number')} autoComplete="off" spellCheck={false} {...onPath} {...bind('document.number')} />
            <DateField label={t('applicationForm.issuedAt')} {...bindDate('document.issuedAt')} />
            <DateField label={t('applicationForm.expiresAt')} {...onPath} {...bindDate('document.expiresAt')} />
          </div>
        </div>

        {needsPhone(procedure) && (
          <div className="card">
            <h2>{t('applicationForm.phoneTitle')}</h2>
            <div className="form-grid">
              {procedure === 'change_phone' && (
                <Field
                  label={t('applicationForm.oldPhone')}
                  hint={t('applicationForm.oldPhoneHint')}
                  type="tel"
                  autoComplete="off"
                  {...bind('oldPhone')}
                />
              )}
              <Field
                label={t(procedure === 'change_phone' ? 'applicationForm.newPhone' : 'applicationForm.phone')}
                hint={t('applicationForm.phoneHint')}
                type="tel"
                autoComplete="off"
                {...onPath}
                {...bind('phone')}
              />
            </div>
            <PhoneConfirmation
              // A confirmation is for this phone of this person: either changing starts afresh.
              key={`${values.idNumber}\n${values.phone}`}
              procedure={procedure}
              phoneError={errors.phone}
              onInvalidPhone={() => {
                change(procedure, 'phone', values.phone);
                document.getElementById(idOf('phone'))?.focus();
              }}
              onVerified={() => focusNextEmpty(idOf('phone'))}
              onPhoneRefused={(error) => {
                setPhoneRefusal({ phone: values.phone, idNumber: values.idNumber, error });
                document.getElementById(idOf('phone'))?.focus();
              }}
            />
          </div>
        )}

        <div className="card">
          <div className="checkbox">
            <input
              id={consentId}
              type="checkbox"
              {...onPath}
              checked={values.consent}
              aria-invalid={consentError ? true : undefined}
              aria-describedby={consentError ? `${consentId}-error` : undefined}
              onChange={(e) => {
                setConsent(procedure, e.target.checked);
                setServerError((err) => (err?.fields?.consent ? { ...err, fields: {} } : err));
              }}
            />
            <label htmlFor={consentId}>{t('applicationForm.consent')}</label>
          </div>
          {consentError && (
            <p id={`${consentId}-error`} className="field__error">
              {fieldText(consentError)}
            </p>
          )}
        </div>

        {blocking.length > 0 && (
          <div id={duplicatesId} role="alert" tabIndex={-1} className="alert alert--error">
            <p>{t('applicationForm.duplicateTitle')}</p>
            <ul>
              {blocking.map((item) => (
                <li key={item.id}>
                  {t('applicationForm.duplicateItem', {
                    journalNo: item.journalNo,
                    date: formatDay(item.createdAt),
                    state: t(`states.${item.state}`),
                  })}{' '}
                  <button type="button" className="button button--small" onClick={() => openApplication(item.id)}>
                    {t('applicationForm.open')}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        )}
        <FormAlert error={serverError} shownFields={fieldOrder} />
        {recent !== null && (
          <RecentConfirm error={recent} busy={busy} onConfirm={() => void submit(null, true)} onCancel={() => setRecent(null)} />
        )}
        {askBlock && (
          <BlockConfirm
            idNumber={values.idNumber.trim()}
            name={[values['person.surname'], values['person.givenNames'], values['person.patronymic']]
              .filter((p) => p.trim() !== '')
              .join(' ')}
            busy={busy}
            onCancel={() => setAskBlock(false)}
            onConfirm={() => {
              setAskBlock(false);
              void submit(null, false, true);
            }}
          />
        )}
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy || blocking.length > 0}>
            {t('applicationForm.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
