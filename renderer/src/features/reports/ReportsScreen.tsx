/**
 * «Отчёты» (supervisor): the applications of a period (default: this month, Minsk days) in two
 * scopes, each clearly named — «Вся служба», what the registry received from every desk of the
 * office (OfficeScope.tsx), and «Это рабочее место», this desk's own database: the total, a bar
 * chart per day, tables per procedure, clerk and outcome, the CSV export of the period's
 * applications or of these tables. Below them «Итоги дня», the printable end-of-day sheet for a
 * chosen day (default: today). Counts, journal numbers and clerks only: no citizen's data.
 * Everything stays in this screen's state, never in a store.
 */
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  REPORT_MAX_DAYS,
  periodDays,
  type AppError,
  type CsvKind,
  type EndOfDay,
  type OfficeSummaryResult,
  type ReportSummary,
} from '../../../../preload/contract';
import { api } from '../../api';
import { DateField } from '../../components/DateField';
import { FormAlert } from '../../components/FormAlert';
import { saveTextFile } from '../audit/audit-format';
import { formatIsoDate } from '../applications/format';
import { DayChart } from './DayChart';
import { EndOfDaySheet } from './EndOfDaySheet';
import { formatCount, minskToday, monthOf, previousMonth, reportFileName } from './report-format';
import { OfficeScope } from './OfficeScope';
import { SummaryTables } from './SummaryTables';
import { useSession } from '../../stores/session';

type Period = { from: string; to: string };
type Scope = 'office' | 'desk';
const SCOPES: readonly Scope[] = ['office', 'desk'];
type Exported = { rows: number; truncated: boolean; file: string };

const PERIOD_HINT_ID = 'reports-period-hint';
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

export function ReportsScreen() {
  const { t } = useTranslation();
  const titleRef = useRef<HTMLHeadingElement>(null);
  const today = minskToday();

  const [period, setPeriod] = useState<Period>(() => monthOf(today));
  const [query, setQuery] = useState<Period>(() => monthOf(today));
  const [submitted, setSubmitted] = useState(false);
  /** The answer for one period; an answer for an earlier period is not shown while the next loads. */
  const [loaded, setLoaded] = useState<{ query: Period; summary: ReportSummary | null; error: AppError | null } | null>(null);
  const current = loaded !== null && loaded.query === query ? loaded : null;
  const summary = current?.summary ?? null;
  const summaryError = current?.error ?? null;

  const info = useSession((st) => st.info);
  const [scope, setScope] = useState<Scope>('office');
  const tabRefs = useRef<Partial<Record<Scope, HTMLButtonElement | null>>>({});
  /** Asking again (after «Повторить») is a new request for the same period. */
  const [officeAsk, setOfficeAsk] = useState(0);
  const [office, setOffice] = useState<{ query: Period; ask: number; result: OfficeSummaryResult | null; error: AppError | null } | null>(
    null,
  );
  const officeCurrent = office !== null && office.query === query && office.ask === officeAsk ? office : null;

  const [exporting, setExporting] = useState<CsvKind | null>(null);
  const [exported, setExported] = useState<Exported | null>(null);
  const [exportError, setExportError] = useState<AppError | null>(null);
  const exportUrl = useRef<string | null>(null);

  const [day, setDay] = useState(today);
  const [sheet, setSheet] = useState<{ day: EndOfDay; office: OfficeSummaryResult | null } | null>(null);
  const [sheetError, setSheetError] = useState<AppError | null>(null);
  const [making, setMaking] = useState(false);

  useEffect(() => {
    titleRef.current?.focus();
    return () => {
      if (exportUrl.current !== null) URL.revokeObjectURL(exportUrl.current);
    };
  }, []);

  useEffect(() => {
    let live = true;
    void api['reports.summary'](query).then((result) => {
      if (live) setLoaded({ query, summary: result.ok ? result.value : null, error: result.ok ? null : result.error });
    });
    return () => {
      live = false;
    };
  }, [query]);

  useEffect(() => {
    let live = true;
    void api['reports.officeSummary'](query).then((result) => {
      if (live) setOffice({ query, ask: officeAsk, result: result.ok ? result.value : null, error: result.ok ? null : result.error });
    });
    return () => {
      live = false;
    };
  }, [query, officeAsk]);

  /** Arrow keys move between the two scopes (the tabs pattern). */
  const tabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
    event.preventDefault();
    const next = SCOPES[(SCOPES.indexOf(scope) + 1) % SCOPES.length] ?? 'office';
    setScope(next);
    tabRefs.current[next]?.focus();
  };

  const fromError = !isDate(period.from) ? t('reports.dateInvalid') : undefined;
  const toError = !isDate(period.to)
    ? t('reports.dateInvalid')
    : !fromError && period.from > period.to
      ? t('reports.periodOrder')
      : !fromError && periodDays(period.from, period.to) > REPORT_MAX_DAYS
        ? t('reports.periodTooLong', { n: REPORT_MAX_DAYS })
        : undefined;

  const show = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (fromError || toError) return;
    setExported(null);
    setQuery({ ...period });
  };

  const choose = (next: Period) => {
    setSubmitted(false);
    setPeriod(next);
    setExported(null);
    setQuery(next);
  };

  const exportCsv = async (kind: CsvKind) => {
    setExporting(kind);
    setExported(null);
    setExportError(null);
    const result = await api['reports.exportCsv']({ ...query, kind });
    setExporting(null);
    if (!result.ok) {
      setExportError(result.error);
      return;
    }
    const file = reportFileName(kind, query.from, query.to);
    if (exportUrl.current !== null) URL.revokeObjectURL(exportUrl.current);
    exportUrl.current = saveTextFile(result.value.csv, file, 'text/csv;charset=utf-8');
    setExported({ rows: result.value.rows, truncated: result.value.truncated, file });
  };

  const dayError = isDate(day) ? undefined : t('reports.dateInvalid');
  const [daySubmitted, setDaySubmitted] = useState(false);

  const makeSheet = async (event: FormEvent) => {
    event.preventDefault();
    setDaySubmitted(true);
    if (dayError) return;
    setMaking(true);
    setSheetError(null);
    // The desk's own figures and, from the registry, every desk's of the office that day.
    const [result, office] = await Promise.all([
      api['reports.endOfDay']({ date: day }),
      api['reports.officeSummary']({ from: day, to: day }),
    ]);
    setMaking(false);
    if (result.ok) setSheet({ day: result.value, office: office.ok ? office.value : null });
    else setSheetError(result.error);
  };

  const field = (name: keyof Period, error: string | undefined) => ({
    id: `reports-${name}`,
    name,
    value: period[name],
    error: submitted ? error : undefined,
    'aria-describedby': submitted && error ? `reports-${name}-error ${PERIOD_HINT_ID}` : PERIOD_HINT_ID,
    onChange: (e: { target: { value: string } }) => setPeriod((p) => ({ ...p, [name]: e.target.value })),
  });

  const peak = summary?.byDay.reduce((best, d) => (d.count > best.count ? d : best), { date: summary.from, count: 0 });

  return (
    <section className="screen screen--wide reports" aria-labelledby="reports-title">
      <h1 id="reports-title" tabIndex={-1} ref={titleRef}>
        {t('reports.title')}
      </h1>
      <p className="lead reports__intro">{t('reports.intro')}</p>

      <form className="card" noValidate onSubmit={show} aria-labelledby="reports-period-title">
        <h2 id="reports-period-title">{t('reports.period')}</h2>
        <div className="reports__period">
          <DateField label={t('reports.from')} {...field('from', fromError)} />
          <DateField label={t('reports.to')} {...field('to', toError)} />
          <button type="submit" className="button button--primary">
            {t('reports.show')}
          </button>
          <button type="button" className="button" onClick={() => choose(monthOf(today))}>
            {t('reports.thisMonth')}
          </button>
          <button type="button" className="button" onClick={() => choose(previousMonth(today))}>
            {t('reports.lastMonth')}
          </button>
        </div>
        <p id={PERIOD_HINT_ID} className="field__hint">
          {t('reports.periodHint', { n: REPORT_MAX_DAYS })}
        </p>
      </form>

      <div role="tablist" aria-label={t('reports.scopes.label')} className="tabs reports__scopes">
        {SCOPES.map((sc) => (
          <button
            key={sc}
            ref={(el) => {
              tabRefs.current[sc] = el;
            }}
            type="button"
            role="tab"
            id={`reports-tab-${sc}`}
            // Only the chosen scope's panel is rendered (the desk's chart needs to be visible to size itself).
            aria-controls={scope === sc ? `reports-panel-${sc}` : undefined}
            aria-selected={scope === sc}
            tabIndex={scope === sc ? 0 : -1}
            className={scope === sc ? 'tabs__tab tabs__tab--active' : 'tabs__tab'}
            onClick={() => setScope(sc)}
            onKeyDown={tabKey}
          >
            {sc === 'office' ? t('reports.scopes.office') : t('reports.scopes.desk')}
          </button>
        ))}
      </div>

      {scope === 'office' ? (
        <div role="tabpanel" id="reports-panel-office" aria-labelledby="reports-tab-office" className="reports__panel">
          <p className="field__hint">{t('reports.scopes.officeHint', { office: info?.officeCode ?? '' })}</p>
          <FormAlert error={officeCurrent?.error ?? null} />
          {officeCurrent === null ? (
            <p className="muted reports__loading">{t('app.loading')}</p>
          ) : (
            officeCurrent.result !== null && <OfficeScope result={officeCurrent.result} onRetry={() => setOfficeAsk((n) => n + 1)} />
          )}
        </div>
      ) : (
        <div role="tabpanel" id="reports-panel-desk" aria-labelledby="reports-tab-desk" className="reports__panel">
          <p className="field__hint">{t('reports.scopes.deskHint', { id: info?.workstationId ?? '' })}</p>
          <FormAlert error={summaryError} />
          {summary === null ? (
            !summaryError && <p className="muted reports__loading">{t('app.loading')}</p>
          ) : (
            <>
              <section className="card reports__summary" aria-labelledby="reports-summary-title">
                <div className="screen__head">
                  <h2 id="reports-summary-title">
                    {t('reports.summaryTitle', { from: formatIsoDate(summary.from), to: formatIsoDate(summary.to) })}
                  </h2>
                  <div className="reports__export">
                    <button type="button" className="button" disabled={exporting !== null} onClick={() => void exportCsv('applications')}>
                      {t('reports.export.applications')}
                    </button>
                    <button type="button" className="button" disabled={exporting !== null} onClick={() => void exportCsv('summary')}>
                      {t('reports.export.summary')}
                    </button>
                  </div>
                </div>
                <p className="field__hint reports__export-hint">{t('reports.export.hint')}</p>
                {exported && (
                  <div role="status" className={exported.truncated ? 'alert alert--error' : 'alert alert--ok'}>
                    <p>{t('reports.export.done', { rows: exported.rows, file: exported.file })}</p>
                    {exported.truncated && <p>{t('reports.export.truncated', { rows: exported.rows })}</p>}
                  </div>
                )}
                <FormAlert error={exportError} />
                <dl className="reports__totals">
                  <div className="reports__total reports__total--main">
                    <dt>{t('reports.total')}</dt>
                    <dd data-testid="reports-total">{formatCount(summary.total)}</dd>
                  </div>
                  {summary.byOutcome.map((o) => (
                    <div key={o.outcome} className={`reports__total reports__total--${o.outcome}`}>
                      <dt>{t(`reports.outcomes.${o.outcome}`)}</dt>
                      <dd data-testid={`reports-total-${o.outcome}`}>{formatCount(o.count)}</dd>
                    </div>
                  ))}
                </dl>
              </section>

              <section className="card" aria-labelledby="reports-chart-title">
                <h2 id="reports-chart-title">{t('reports.chartTitle')}</h2>
                {summary.total === 0 ? (
                  <p className="muted reports__empty">{t('reports.empty')}</p>
                ) : (
                  <DayChart
                    days={summary.byDay}
                    label={t('reports.columns.count')}
                    description={t('reports.chartAlt', {
                      from: formatIsoDate(summary.from),
                      to: formatIsoDate(summary.to),
                      total: summary.total,
                      max: peak?.count ?? 0,
                      maxDate: formatIsoDate(peak?.date ?? summary.from),
                    })}
                  />
                )}
                <details className="reports__days">
                  <summary>{t('reports.byDayTable')}</summary>
                  <div className="table-wrap">
                    <table className="table table--dense" data-testid="reports-by-day">
                      <caption className="visually-hidden">{t('reports.chartTitle')}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t('reports.columns.date')}</th>
                          <th scope="col" className="numeric">
                            {t('reports.columns.count')}
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {summary.byDay.map((d) => (
                          <tr key={d.date}>
                            <th scope="row">{formatIsoDate(d.date)}</th>
                            <td className="numeric">{formatCount(d.count)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </details>
              </section>

              <SummaryTables summary={summary} />
            </>
          )}
        </div>
      )}

      <section className="card reports__day" aria-labelledby="reports-day-title">
        <h2 id="reports-day-title">{t('reports.day.title')}</h2>
        <p className="field__hint">{t('reports.day.hint')}</p>
        <form className="reports__day-form" noValidate onSubmit={(e) => void makeSheet(e)}>
          <DateField
            id="reports-day"
            label={t('reports.day.date')}
            value={day}
            error={daySubmitted ? dayError : undefined}
            onChange={(e) => setDay(e.target.value)}
          />
          <button type="submit" className="button button--primary" disabled={making}>
            {t('reports.day.make')}
          </button>
        </form>
        <FormAlert error={sheetError} />
        {sheet && <EndOfDaySheet sheet={sheet.day} office={sheet.office} onClose={() => setSheet(null)} />}
      </section>
    </section>
  );
}
