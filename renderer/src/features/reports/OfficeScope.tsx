/**
 * «Вся служба»: what the registry received from every desk of the office in the period (its office
 * summary) — the total, the registry's outcomes, and tables per desk, day, procedure and clerk. When
 * the registry cannot be asked, the panel says why and what to do, and offers to ask again.
 */
import { useTranslation } from 'react-i18next';
import type { OfficeSummaryResult, OfficeUnavailableReason } from '../../../../preload/contract';
import { formatIsoDate } from '../applications/format';
import { DayChart } from './DayChart';
import { formatCount } from './report-format';
import { CountTable } from './SummaryTables';

/** The sentence saying why the office's figures are missing (also used on the end-of-day sheet). */
export function useUnavailableText() {
  const { t } = useTranslation();
  return (reason: OfficeUnavailableReason, status: number | null): string =>
    t(`reports.office.unavailable.${reason}`, { status: status ?? '—' });
}

export function OfficeScope({ result, onRetry }: { result: OfficeSummaryResult; onRetry: () => void }) {
  const { t } = useTranslation();
  const unavailableText = useUnavailableText();
  if (!result.available) {
    return (
      <div role="alert" className="alert alert--error" data-testid="office-unavailable">
        <p>
          <strong>{t('reports.office.unavailable.title')}</strong>
        </p>
        <p>{unavailableText(result.reason, result.status)}</p>
        <button type="button" className="button" onClick={onRetry}>
          {t('reports.office.retry')}
        </button>
      </div>
    );
  }
  const s = result.summary;
  const peak = s.byDay.reduce((best, d) => (d.count > best.count ? d : best), { date: s.from, count: 0 });
  const procedureLabel = (key: string) => t(`procedures.${key}`, { defaultValue: key });
  const deskLabel = (id: string) =>
    id === result.workstationId ? t('reports.office.thisWorkstation', { id }) : t('reports.office.workstation', { id });
  return (
    <>
      <section className="card reports__summary" aria-labelledby="office-summary-title">
        <h3 id="office-summary-title">{t('reports.office.title', { from: formatIsoDate(s.from), to: formatIsoDate(s.to) })}</h3>
        <dl className="reports__totals">
          <div className="reports__total reports__total--main">
            <dt>{t('reports.office.total')}</dt>
            <dd data-testid="office-total">{formatCount(s.total)}</dd>
          </div>
          {s.byOutcome.map((o) => (
            <div key={o.key} className={`reports__total reports__total--${o.key}`}>
              <dt>{t(`reports.office.outcomes.${o.key}`, { defaultValue: o.key })}</dt>
              <dd data-testid={`office-total-${o.key}`}>{formatCount(o.count)}</dd>
            </div>
          ))}
        </dl>
      </section>
      <div className="reports__tables">
        <CountTable
          id="office-by-workstation"
          title={t('reports.office.byWorkstation')}
          column={t('reports.office.columns.workstation')}
          total={s.total}
          empty={t('reports.empty')}
          rows={s.byWorkstation.map((w) => ({ key: w.key, label: deskLabel(w.key), count: w.count }))}
        />
        <CountTable
          id="office-by-procedure"
          title={t('reports.byProcedure')}
          column={t('reports.columns.procedure')}
          total={s.total}
          rows={s.byProcedure.map((p) => ({ key: p.key, label: procedureLabel(p.key), count: p.count }))}
        />
        <CountTable
          id="office-by-clerk"
          title={t('reports.byClerk')}
          column={t('reports.columns.clerk')}
          total={s.total}
          empty={t('reports.empty')}
          rows={s.byClerk.map((c) => ({
            key: c.clerkLogin,
            label: c.clerkName === undefined ? c.clerkLogin : t('reports.office.clerk', { name: c.clerkName, login: c.clerkLogin }),
            count: c.count,
          }))}
        />
        <CountTable
          id="office-by-outcome"
          title={t('reports.byOutcome')}
          column={t('reports.columns.outcome')}
          total={s.total}
          rows={s.byOutcome.map((o) => ({
            key: o.key,
            label: t(`reports.office.outcomes.${o.key}`, { defaultValue: o.key }),
            count: o.count,
          }))}
        />
      </div>
      <section className="card" aria-labelledby="office-chart-title">
        <h3 id="office-chart-title">{t('reports.office.byDay')}</h3>
        {s.total === 0 ? (
          <p className="muted reports__empty">{t('reports.empty')}</p>
        ) : (
          <DayChart
            days={s.byDay}
            testId="office-chart"
            label={t('reports.columns.count')}
            description={t('reports.chartAlt', {
              from: formatIsoDate(s.from),
              to: formatIsoDate(s.to),
              total: s.total,
              max: peak.count,
              maxDate: formatIsoDate(peak.date),
            })}
          />
        )}
        <details className="reports__days">
          <summary>{t('reports.byDayTable')}</summary>
          <CountTable
            id="office-by-day"
            title={t('reports.office.byDay')}
            column={t('reports.columns.date')}
            total={s.total}
            rows={s.byDay.map((d) => ({ key: d.date, label: formatIsoDate(d.date), count: d.count }))}
          />
        </details>
      </section>
    </>
  );
}
