/** The period's applications per procedure, per clerk and per outcome: count and share of the total. */
import { useTranslation } from 'react-i18next';
import type { ReportSummary } from '../../../../preload/contract';
import { formatCount, share } from './report-format';

export type Row = { key: string; label: string; count: number };

export function CountTable({
  id,
  title,
  column,
  rows,
  total,
  empty,
}: {
  id: string;
  title: string;
  column: string;
  rows: Row[];
  total: number;
  empty?: string;
}) {
  const { t } = useTranslation();
  return (
    <section className="reports__table" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {rows.length === 0 && empty ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--dense" data-testid={id}>
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{column}</th>
                <th scope="col" className="numeric">
                  {t('reports.columns.count')}
                </th>
                <th scope="col" className="numeric">
                  {t('reports.columns.share')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{r.label}</th>
                  <td className="numeric">{formatCount(r.count)}</td>
                  <td className="numeric muted">{share(r.count, total)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('reports.totalRow')}</th>
                <td className="numeric">{formatCount(total)}</td>
                <td className="numeric muted">{share(total, total)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </section>
  );
}

export function SummaryTables({ summary }: { summary: ReportSummary }) {
  const { t } = useTranslation();
  return (
    <div className="reports__tables">
      <CountTable
        id="reports-by-procedure"
        title={t('reports.byProcedure')}
        column={t('reports.columns.procedure')}
        total={summary.total}
        rows={summary.byProcedure.map((p) => ({ key: p.procedure, label: t(`procedures.${p.procedure}`), count: p.count }))}
      />
      <CountTable
        id="reports-by-clerk"
        title={t('reports.byClerk')}
        column={t('reports.columns.clerk')}
        total={summary.total}
        empty={t('reports.empty')}
        rows={summary.byClerk.map((c) => ({ key: c.clerkId, label: c.clerkName, count: c.count }))}
      />
      <CountTable
        id="reports-by-outcome"
        title={t('reports.byOutcome')}
        column={t('reports.columns.outcome')}
        total={summary.total}
        rows={summary.byOutcome.map((o) => ({ key: o.outcome, label: t(`reports.outcomes.${o.outcome}`), count: o.count }))}
      />
    </div>
  );
}
