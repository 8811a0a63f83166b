/**
 * «Журнал»: the office's applications, today's by default, newest first, 50 at a time. Filters by
 * period, procedure, state, clerk (for those who may list clerks), identification number and journal
 * number (either form, whatever its date); a
 * row opens the application with its history.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  applicationStates,
  journalInput,
  mayCall,
  procedures,
  type AppError,
  type ApplicationSummary,
  type ChannelInput,
  type ChannelOutput,
  type Clerk,
  type Result,
} from '../../../../preload/contract';
import { api } from '../../api';
import { DateField } from '../../components/DateField';
import { Field, SelectField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { zodFieldErrors } from '../../components/use-form';
import { useSession } from '../../stores/session';
import { useUi } from '../../stores/ui';
import { formatDateTime, registryUncheckedOpen, todayIso } from '../applications/format';

type Filters = { from: string; to: string; procedure: string; state: string; clerkId: string; idNumber: string; journalNo: string };
type Cursor = ChannelOutput<'journal.list'>['nextCursor'];

const initialFilters = (): Filters => ({
  from: todayIso(),
  to: todayIso(),
  procedure: '',
  state: '',
  clerkId: '',
  idNumber: '',
  journalNo: '',
});

/** The channel input for these filters; blank filters are left out. */
function toQuery(f: Filters): ChannelInput<'journal.list'> {
  const procedure = procedures.find((p) => p === f.procedure);
  const state = applicationStates.find((s) => s === f.state);
  return {
    ...(f.from !== '' && { from: f.from }),
    ...(f.to !== '' && { to: f.to }),
    ...(procedure !== undefined && { procedure }),
    ...(state !== undefined && { state }),
    ...(f.clerkId !== '' && { clerkId: f.clerkId }),
    ...(f.idNumber.trim() !== '' && { idNumber: f.idNumber.trim() }),
    ...(f.journalNo.trim() !== '' && { journalNo: f.journalNo.trim() }),
  };
}

export function JournalScreen() {
  const { t } = useTranslation();
  const role = useSession((s) => s.session?.role ?? null);
  const openApplication = useUi((s) => s.openApplication);
  const mayListClerks = mayCall('clerks.list', role);
  // A link's preset applies to this opening only (the store forgets it when another section opens).
  const preset = useUi((s) => s.journalPreset);
  const [filters, setFilters] = useState<Filters>(() => ({ ...initialFilters(), ...preset }));
  const [query, setQuery] = useState<Filters>(() => ({ ...initialFilters(), ...preset }));
  const [items, setItems] = useState<ApplicationSummary[] | null>(null);
  const [cursor, setCursor] = useState<Cursor>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const [clerks, setClerks] = useState<Clerk[]>([]);
  const [submitted, setSubmitted] = useState(false);

  const fieldErrors = zodFieldErrors(journalInput, toQuery(filters));

  /** Takes a page: the first replaces the list, a further one («Показать ещё») extends it. */
  const receive = useCallback((result: Result<ChannelOutput<'journal.list'>>, append: boolean) => {
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(null);
    setItems((current) => (append ? [...(current ?? []), ...result.value.items] : result.value.items));
    setCursor(result.value.nextCursor);
  }, []);

  useEffect(() => {
    let live = true;
    void api['journal.list'](toQuery(query)).then((result) => {
      if (live) receive(result, false);
    });
    return () => {
      live = false;
    };
  }, [query, receive]);

  const more = async () => {
    if (cursor === null) return;
    setBusy(true);
    const result = await api['journal.list']({ ...toQuery(query), cursor });
    setBusy(false);
    receive(result, true);
  };

  useEffect(() => {
    if (!mayListClerks) return;
    void api['clerks.list']({}).then((result) => {
      if (result.ok) setClerks(result.value.clerks);
    });
  }, [mayListClerks]);

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (Object.keys(fieldErrors).length > 0) return;
    setQuery({ ...filters });
  };

  const set = (name: keyof Filters) => ({
    id: `journal-${name}`,
    name,
    value: filters[name],
    error: submitted ? fieldErrors[name] : undefined,
    onChange: (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [name]: e.target.value })),
  });

  const allOption = { value: '', label: t('journal.all') };
  const procedureOptions = [allOption, ...procedures.map((p) => ({ value: p, label: t(`procedures.${p}`) }))];
  const stateOptions = [allOption, ...applicationStates.map((s) => ({ value: s, label: t(`states.${s}`) }))];
  const clerkOptions = [allOption, ...clerks.map((c) => ({ value: c.id, label: c.fullName }))];

  return (
    <section className="screen screen--wide" aria-labelledby="journal-title">
      <h1 id="journal-title" tabIndex={-1}>
        {t('journal.title')}
      </h1>
      <form className="card" noValidate onSubmit={apply}>
        <div className="filters">
          <DateField label={t('journal.from')} {...set('from')} />
          <DateField label={t('journal.to')} {...set('to')} />
          <SelectField label={t('journal.procedure')} options={procedureOptions} {...set('procedure')} />
          <SelectField label={t('journal.state')} options={stateOptions} {...set('state')} />
          {mayListClerks && <SelectField label={t('journal.clerk')} options={clerkOptions} {...set('clerkId')} />}
          <Field label={t('journal.search')} autoComplete="off" spellCheck={false} className="filters__search" {...set('idNumber')} />
          <Field
            label={t('journal.number')}
            hint={t('journal.numberHint')}
            autoComplete="off"
            spellCheck={false}
            className="filters__search"
            {...set('journalNo')}
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={busy}>
            {t('journal.apply')}
          </button>
        </div>
      </form>

      <FormAlert error={error} />
      {items === null ? (
        !error && <p className="muted">{t('app.loading')}</p>
      ) : items.length === 0 ? (
        <p className="muted journal__empty">{t('journal.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--dense table--rows">
            <caption className="visually-hidden">{t('journal.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('journal.columns.journalNo')}</th>
                <th scope="col">{t('journal.columns.date')}</th>
                <th scope="col">{t('journal.columns.procedure')}</th>
                <th scope="col">{t('journal.columns.state')}</th>
                <th scope="col">{t('journal.columns.idMasked')}</th>
                <th scope="col">{t('journal.columns.clerk')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                // The whole row answers a click; the keyboard and screen readers get one named button per row.
                <tr key={item.id} className="row-link" onClick={() => openApplication(item.id)}>
                  <th scope="row" className="nowrap">
                    <button
                      type="button"
                      className="button button--link mono"
                      onClick={(e) => {
                        e.stopPropagation();
                        openApplication(item.id);
                      }}
                    >
                      <span className="visually-hidden">{t('journal.openApplication')} </span>
                      {item.journalNo}
                    </button>
                  </th>
                  <td className="nowrap">{formatDateTime(item.createdAt)}</td>
                  <td>{t(`procedures.${item.procedure}`)}</td>
                  <td>
                    {t(`states.${item.state}`)}
                    {registryUncheckedOpen(item) && (
                      <>
                        {' '}
                        <span className="badge badge--unchecked">{t('application.registryUnchecked')}</span>
                      </>
                    )}
                  </td>
                  <td className="mono">{item.idMasked}</td>
                  <td>{item.clerkName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor !== null && (
        <div className="form-actions">
          <button type="button" className="button" disabled={busy} onClick={() => void more()}>
            {t('journal.more')}
          </button>
        </div>
      )}
    </section>
  );
}
