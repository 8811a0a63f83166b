/**
 * «Обращение гражданина»: the identification number (checked by the contract's schema as the
 * supervisor types), «Найти» → the person's applications that still hold data, whether each may
 * be erased now and why not; «Сведения для гражданина» → the printable report; «Удалить данные
 * досрочно» → the confirmation with the request reference, then the result. What was found
 * belongs to the number it was asked for: changing the number drops it. All of it is this
 * component's state (never a store), so it goes with the screen.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  checkIdNumber,
  normalizeIdNumber,
  subjectInput,
  type AppError,
  type FieldErrors,
  type SubjectEraseResult,
  type SubjectFindResult,
  type SubjectReport,
} from '../../../../preload/contract';
import { api } from '../../api';
import { Field } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { useForm, zodFieldErrors } from '../../components/use-form';
import { formatDateTime } from '../applications/format';
import { useIdNumberInput } from '../applications/use-id-number-input';
import { EraseDialog } from './EraseDialog';
import { SubjectReportView } from './SubjectReportView';

type Found = { idNumber: string; result: SubjectFindResult };

const emptyForm = { idNumber: '' };
const validate = (values: typeof emptyForm): FieldErrors => zodFieldErrors(subjectInput, values);

export function SubjectRequest({ onErased }: { onErased: () => void }) {
  const { t } = useTranslation();
  const form = useForm(emptyForm, { idPrefix: 'subject', validate, live: true });
  const [found, setFound] = useState<Found | null>(null);
  const [report, setReport] = useState<SubjectReport | null>(null);
  const [erased, setErased] = useState<SubjectEraseResult | null>(null);
  const [erasing, setErasing] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  /** Bumped by «Найти»: keyboard focus goes to what was found. */
  const [focusFound, setFocusFound] = useState(0);

  useEffect(() => {
    if (focusFound > 0) document.getElementById('subject-found')?.focus();
  }, [focusFound]);

  /** Drops everything found for the previous number. */
  const forget = () => {
    setFound(null);
    setReport(null);
    setErased(null);
    setError(null);
  };

  const find = async (idNumber: string): Promise<boolean> => {
    const result = await api['subjects.find']({ idNumber });
    if (result.ok) setFound({ idNumber, result: result.value });
    else setError(result.error);
    return result.ok;
  };

  const openReport = async () => {
    if (!found) return;
    setBusy(true);
    setError(null);
    const result = await api['subjects.report']({ idNumber: found.idNumber });
    setBusy(false);
    if (result.ok) setReport(result.value);
    else setError(result.error);
  };

  const idCheck = checkIdNumber(form.values.idNumber.trim());
  const suggestion = (() => {
    if (idCheck.ok || form.values.idNumber.trim() === '') return null;
    const normalized = normalizeIdNumber(form.values.idNumber);
    return normalized.changed && checkIdNumber(normalized.value).ok ? normalized.value : null;
  })();

  const setIdNumber = (value: string) => {
    form.change('idNumber', value);
    if (found !== null && value.trim() !== found.idNumber) forget();
  };

  const onIdNumberChange = useIdNumberInput(setIdNumber);

  const applications = found?.result.applications ?? [];
  const erasable = applications.filter((a) => a.eraseBlocker === null);

  return (
    <section className="card" aria-labelledby="subject-title">
      <h2 id="subject-title">{t('privacy.subject.title')}</h2>
      <p className="muted privacy__hint">{t('privacy.subject.intro')}</p>
      <form
        noValidate
        className="privacy__search"
        onSubmit={form.onSubmit(async (values) => {
          const parsed = subjectInput.safeParse(values);
          if (!parsed.success) return;
          forget();
          if (await find(parsed.data.idNumber)) setFocusFound((n) => n + 1);
        })}
      >
        <Field
          label={t('privacy.subject.idNumber')}
          hint={t('privacy.subject.idNumberHint')}
          autoComplete="off"
          spellCheck={false}
          className="mono-input privacy__id"
          note={
            suggestion !== null ? (
              <button type="button" className="button button--small" onClick={() => setIdNumber(suggestion)}>
                {t('privacy.subject.fixTo', { value: suggestion })}
              </button>
            ) : undefined
          }
          {...form.bind('idNumber')}
          onChange={onIdNumberChange}
        />
        <button type="submit" className="button button--primary privacy__find" disabled={form.busy}>
          {t('privacy.subject.find')}
        </button>
      </form>
      <FormAlert error={form.serverError} shownFields={form.fieldNames} />
      <FormAlert error={error} />

      {found && (
        <div className="privacy__result">
          <h3 id="subject-found" tabIndex={-1}>
            {t('privacy.subject.found', { id: found.result.idMasked })}
          </h3>
          {applications.length === 0 ? (
            <p className="muted">{t('privacy.subject.none', { id: found.result.idMasked })}</p>
          ) : (
            <div className="table-wrap">
              <table className="table table--dense">
                <caption className="visually-hidden">{t('privacy.subject.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('privacy.subject.columns.journalNo')}</th>
                    <th scope="col">{t('privacy.subject.columns.procedure')}</th>
                    <th scope="col">{t('privacy.subject.columns.state')}</th>
                    <th scope="col">{t('privacy.subject.columns.date')}</th>
                    <th scope="col">{t('privacy.subject.columns.clerk')}</th>
                    <th scope="col">{t('privacy.subject.columns.erase')}</th>
                  </tr>
                </thead>
                <tbody>
                  {applications.map((a) => (
                    <tr key={a.id}>
                      <th scope="row" className="mono nowrap">
                        {a.journalNo}
                      </th>
                      <td>{t(`procedures.${a.procedure}`)}</td>
                      <td>
                        <span className={`badge badge--state-${a.state}`}>{t(`states.${a.state}`)}</span>
                      </td>
                      <td className="nowrap">{formatDateTime(a.createdAt)}</td>
                      <td>{a.clerkName}</td>
                      <td data-testid="erase-status">
                        {a.eraseBlocker === null ? (
                          <span className="badge badge--active">{t('privacy.subject.erasable')}</span>
                        ) : (
                          <span className="privacy__blocker">{t(`privacy.subject.blockers.${a.eraseBlocker}`)}</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="form-actions">
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void openReport()}>
              {t('privacy.subject.report')}
            </button>
            <button
              type="button"
              className="button privacy__erase"
              disabled={busy || erasable.length === 0}
              aria-describedby={erasable.length === 0 && applications.length > 0 ? 'erase-nothing' : undefined}
              onClick={() => setErasing(true)}
            >
              {t('privacy.subject.erase')}
            </button>
          </div>
          {erasable.length === 0 && applications.length > 0 && (
            <p id="erase-nothing" className="field__hint privacy__hint">
              {t('privacy.subject.eraseNothing')}
            </p>
          )}
        </div>
      )}

      <div role="status" className={erased ? 'alert alert--ok' : 'visually-empty'} data-testid="erase-result">
        {erased && (
          <>
            <p>{t('privacy.subject.erased', { n: erased.erased })}</p>
            {erased.kept.length > 0 && (
              <>
                <p>{t('privacy.subject.keptTitle')}</p>
                <ul>
                  {erased.kept.map((k) => (
                    <li key={k.journalNo}>
                      {t('privacy.subject.keptItem', { journalNo: k.journalNo, reason: t(`privacy.subject.blockers.${k.blocker}`) })}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {erased.erased > 0 && (
              <p>
                {erased.backups.cleaned > 0 || erased.backups.removed > 0
                  ? t('privacy.subject.backups', { cleaned: erased.backups.cleaned, removed: erased.backups.removed })
                  : t('privacy.subject.backupsNone')}
              </p>
            )}
          </>
        )}
      </div>

      {report && <SubjectReportView report={report} onClose={() => setReport(null)} />}

      {erasing && found && (
        <EraseDialog
          idNumber={found.idNumber}
          applications={applications}
          onClose={() => setErasing(false)}
          onDone={(result) => {
            setErasing(false);
            setReport(null);
            onErased();
            // The search shows what is still held once the erase is done.
            setErased(result);
            void find(found.idNumber);
          }}
        />
      )}
    </section>
  );
}
