/**
 * «Аудит» (supervisor): the audit log filtered by clerk, action and period (Minsk days), newest
 * first, 50 at a time with «Показать ещё»; the check of the hash chain; the export of the whole
 * selection to CSV, saved by the browser (Electron asks where).
 */
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  auditActions,
  mayCall,
  refusalReasonMessages,
  type AppError,
  type AuditAnchorCheck,
  type AuditEntry,
  type AuditVerification,
  type ChannelInput,
  type ChannelOutput,
  type Clerk,
  type Result,
} from '../../../../preload/contract';
import { api } from '../../api';
import { DateField } from '../../components/DateField';
import { SelectField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { auditActionLabel, auditKeyLabel, locale } from '../../i18n';
import { useSession } from '../../stores/session';
import { formatDateTime } from '../../format/dates';
import { exportFileName, saveTextFile } from './audit-format';
import { detailPairs, subjectOf, type DetailWords } from './audit-words';

const PAGE = 50;
const DATES_HINT_ID = 'audit-dates-hint';

type Filters = { actorId: string; action: string; from: string; to: string };
type Exported = { rows: number; truncated: boolean; file: string };

const blankFilters: Filters = { actorId: '', action: '', from: '', to: '' };

/** The channel input for these filters; blank filters are left out. */
function toQuery(f: Filters): ChannelInput<'audit.export'> {
  return {
    ...(f.actorId !== '' && { actorId: f.actorId }),
    ...(f.action !== '' && { action: f.action }),
    ...(f.from !== '' && { from: f.from }),
    ...(f.to !== '' && { to: f.to }),
  };
}

const isFiltered = (f: Filters) => Object.values(f).some((v) => v !== '');

function Details({ details, words }: { details: Record<string, unknown>; words: DetailWords }) {
  const { t } = useTranslation();
  const pairs = detailPairs(details, words);
  if (pairs.length === 0) return <span className="muted">{t('common.dash')}</span>;
  return (
    <>
      <ul className="audit-details">
        {pairs.map(({ key, value }) => (
          <li key={key}>
            <span className="audit-details__key">{auditKeyLabel(key)}:</span> <span className="audit-details__value">{value}</span>
          </li>
        ))}
      </ul>
      <details className="audit-details__raw">
        <summary>{t('audit.raw')}</summary>
        <pre className="mono">{JSON.stringify(details, null, 2)}</pre>
      </details>
    </>
  );
}

export function AuditScreen() {
  const { t } = useTranslation();
  const role = useSession((s) => s.session?.role ?? null);
  const mayListClerks = mayCall('clerks.list', role);
  const titleRef = useRef<HTMLHeadingElement>(null);

  const [filters, setFilters] = useState<Filters>(blankFilters);
  const [query, setQuery] = useState<Filters>(blankFilters);
  const [submitted, setSubmitted] = useState(false);
  const [clerks, setClerks] = useState<Clerk[]>([]);

  const [version, setVersion] = useState(0);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [listError, setListError] = useState<AppError | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  /** Bumped by every first-page load, so a «Показать ещё» answer for older filters is dropped. */
  const generation = useRef(0);

  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [verifyError, setVerifyError] = useState<AppError | null>(null);
  const [verifying, setVerifying] = useState(false);

  const [exported, setExported] = useState<Exported | null>(null);
  const [exportError, setExportError] = useState<AppError | null>(null);
  const [exporting, setExporting] = useState(false);
  const exportUrl = useRef<string | null>(null);

  useEffect(() => {
    titleRef.current?.focus();
    return () => {
      if (exportUrl.current !== null) URL.revokeObjectURL(exportUrl.current);
    };
  }, []);

  useEffect(() => {
    if (!mayListClerks) return;
    void api['clerks.list']({}).then((result) => {
      if (result.ok) setClerks(result.value.clerks);
    });
  }, [mayListClerks]);

  /** Takes a page: the first replaces the list, a further one («Показать ещё») extends it. */
  const receive = useCallback((result: Result<ChannelOutput<'audit.list'>>, append: boolean) => {
    if (!result.ok) {
      setListError(result.error);
      return;
    }
    setListError(null);
    setEntries((current) => (append ? [...(current ?? []), ...result.value.entries] : result.value.entries));
    setNext(result.value.nextBeforeSeq);
  }, []);

  useEffect(() => {
    const mine = ++generation.current;
    void api['audit.list']({ ...toQuery(query), limit: PAGE }).then((result) => {
      if (mine === generation.current) receive(result, false);
    });
  }, [query, version, receive]);

  const more = async () => {
    if (next === null) return;
    const mine = generation.current;
    setLoadingMore(true);
    const result = await api['audit.list']({ ...toQuery(query), beforeSeq: next, limit: PAGE });
    setLoadingMore(false);
    if (mine === generation.current) receive(result, true);
  };

  const datesError = filters.from !== '' && filters.to !== '' && filters.from > filters.to ? t('audit.datesOrder') : undefined;

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (datesError) return;
    setEntries(null);
    setQuery({ ...filters });
  };

  const reset = () => {
    setSubmitted(false);
    setFilters(blankFilters);
    setEntries(null);
    setQuery(blankFilters);
  };

  const verify = async () => {
    setVerifying(true);
    setVerification(null);
    setVerifyError(null);
    const result = await api['audit.verify']({});
    setVerifying(false);
    if (result.ok) setVerification(result.value);
    else setVerifyError(result.error);
    // The check itself is audited: show it in the list.
    setVersion((v) => v + 1);
  };

  const exportCsv = async () => {
    setExporting(true);
    setExported(null);
    setExportError(null);
    const result = await api['audit.export'](toQuery(query));
    setExporting(false);
    if (!result.ok) {
      setExportError(result.error);
      return;
    }
    const file = exportFileName();
    if (exportUrl.current !== null) URL.revokeObjectURL(exportUrl.current);
    exportUrl.current = saveTextFile(result.value.csv, file, 'text/csv;charset=utf-8');
    setExported({ rows: result.value.rows, truncated: result.value.truncated, file });
  };

  const field = (name: keyof Filters) => ({
    id: `audit-${name}`,
    name,
    value: filters[name],
    onChange: (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [name]: e.target.value })),
  });
  const toError = submitted ? datesError : undefined;

  const collator = new Intl.Collator(locale());
  const names = new Map(clerks.map((c) => [c.id, c.fullName === c.login ? c.login : `${c.fullName} (${c.login})`]));
  const clerkName = (id: string): string | undefined => names.get(id);
  const reason = (code: string): string => (refusalReasonMessages as Record<string, string | undefined>)[code] ?? code;
  const detailWords: DetailWords = { yes: t('audit.values.yes'), no: t('audit.values.no'), dash: t('common.dash'), reason, clerkName };
  const subjectWords = {
    clerkName,
    application: (journalNo: string) => t('audit.subjectApplication', { journalNo }),
    device: (kind: string) => (kind === 'reader' || kind === 'printer' ? t(`audit.devices.${kind}`) : undefined),
  };
  const allOption = { value: '', label: t('audit.all') };
  const clerkOptions = [
    allOption,
    ...clerks.map((c) => ({ value: c.id, label: c.fullName === c.login ? c.login : `${c.fullName} (${c.login})` })),
  ];
  const actionOptions = [
    allOption,
    ...auditActions.map((a) => ({ value: a, label: auditActionLabel(a) })).sort((a, b) => collator.compare(a.label, b.label)),
  ];

  return (
    <section className="screen screen--wide" aria-labelledby="audit-title">
      <h1 id="audit-title" tabIndex={-1} ref={titleRef}>
        {t('audit.title')}
      </h1>

      <div className="card">
        <div className="form-actions form-actions--start">
          <button type="button" className="button button--primary" disabled={verifying} onClick={() => void verify()}>
            {t('audit.verify')}
          </button>
        </div>
        {verification?.ok === true && (
          <p role="status" className="alert alert--ok">
            {t('audit.verifyOk', { rows: verification.rows })}
          </p>
        )}
        {verification?.ok === false && (
          <div role="alert" className="alert alert--error">
            <p>{t('audit.verifyBroken', { seq: verification.brokenSeq })}</p>
            <p>{verification.message}</p>
          </div>
        )}
        {verification?.anchors !== undefined && <AnchorCheck check={verification.anchors} />}
        <FormAlert error={verifyError} />
      </div>

      <form className="card" noValidate onSubmit={apply} aria-labelledby="audit-filters-title">
        <h2 id="audit-filters-title" className="audit__filters-title">
          {t('audit.filters')}
        </h2>
        <div className="filters">
          {mayListClerks && <SelectField label={t('audit.clerk')} options={clerkOptions} {...field('actorId')} />}
          <SelectField label={t('audit.action')} options={actionOptions} {...field('action')} />
          <DateField label={t('audit.from')} aria-describedby={DATES_HINT_ID} {...field('from')} />
          <DateField
            label={t('audit.to')}
            error={toError}
            aria-describedby={toError ? `audit-to-error ${DATES_HINT_ID}` : DATES_HINT_ID}
            {...field('to')}
          />
        </div>
        <p id={DATES_HINT_ID} className="field__hint">
          {t('audit.datesHint')}
        </p>
        <div className="form-actions">
          <button type="submit" className="button button--primary">
            {t('audit.apply')}
          </button>
          <button type="button" className="button" onClick={reset}>
            {t('audit.reset')}
          </button>
          <button type="button" className="button audit__export" disabled={exporting} onClick={() => void exportCsv()}>
            {t('audit.export')}
          </button>
        </div>
        <p className="field__hint audit__export-hint">{t('audit.exportHint')}</p>
        {exported && (
          <div role="status" className={exported.truncated ? 'alert alert--error' : 'alert alert--ok'}>
            <p>{t('audit.exported', { rows: exported.rows, file: exported.file })}</p>
            {exported.truncated && <p>{t('audit.exportTruncated', { rows: exported.rows })}</p>}
          </div>
        )}
        <FormAlert error={exportError} />
      </form>

      <FormAlert error={listError} />
      {entries === null ? (
        !listError && <p className="muted audit__count">{t('app.loading')}</p>
      ) : entries.length === 0 ? (
        <p className="muted audit__count">{isFiltered(query) ? t('audit.emptyFiltered') : t('audit.empty')}</p>
      ) : (
        <>
          <p className="muted audit__count" id="audit-count">
            {next === null ? t('audit.shown', { count: entries.length }) : t('audit.shownMore', { count: entries.length })}
          </p>
          <div className="table-wrap">
            <table className="table table--dense audit-table" aria-describedby="audit-count">
              <caption className="visually-hidden">{t('audit.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.columns.seq')}</th>
                  <th scope="col">{t('audit.columns.at')}</th>
                  <th scope="col">{t('audit.columns.login')}</th>
                  <th scope="col">{t('audit.columns.action')}</th>
                  <th scope="col">{t('audit.columns.subject')}</th>
                  <th scope="col">{t('audit.columns.details')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((entry) => (
                  <tr key={entry.seq}>
                    <th scope="row" className="mono nowrap">
                      {entry.seq}
                    </th>
                    <td className="nowrap">{formatDateTime(entry.at)}</td>
                    <td>
                      {entry.actorId !== null ? (clerkName(entry.actorId) ?? entry.actorLogin) : (entry.actorLogin ?? t('common.dash'))}
                    </td>
                    <td>{auditActionLabel(entry.action)}</td>
                    <td className="audit-table__subject">{subjectOf(entry, subjectWords) ?? t('common.dash')}</td>
                    <td>
                      <Details details={entry.details} words={detailWords} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {entries !== null && next !== null && (
        <div className="form-actions">
          <button type="button" className="button" disabled={loadingMore} onClick={() => void more()}>
            {t('audit.more')}
          </button>
        </div>
      )}
    </section>
  );
}

/** The local log against the heads anchored in the registry (issue 15). */
function AnchorCheck({ check }: { check: AuditAnchorCheck }) {
  const { t } = useTranslation();
  if (check.status === 'agrees')
    return (
      <p role="status" className="alert alert--ok" data-testid="audit-anchors">
        {t('audit.anchorsAgree', { count: check.anchors })}
      </p>
    );
  if (check.status === 'disagrees')
    return (
      <p role="alert" className="alert alert--error" data-testid="audit-anchors">
        {t(check.reason === 'beyond_end' ? 'audit.anchorsDeleted' : 'audit.anchorsChanged', { seq: check.seq })}
      </p>
    );
  const key = { offline: 'audit.anchorsOffline', refused: 'audit.anchorsRefused', not_configured: 'audit.anchorsNotConfigured' } as const;
  return (
    <p role="status" className="alert alert--info" data-testid="audit-anchors">
      {t(key[check.reason])}
    </p>
  );
}
