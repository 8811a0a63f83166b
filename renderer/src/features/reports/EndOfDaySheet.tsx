/**
 * «Итоги дня»: what this desk did on one Minsk day — taken, signed, sent, decided, rejected,
 * cancelled — and every application still waiting at its end with the reason, signed by the
 * supervisor. The sheet names the desk by its number; when the registry answered, an office part
 * follows with a row per desk of what the registry received from it that day, otherwise a line
 * saying why it is missing. Shown as a sheet on screen and printed through the same print layer as the
 * application papers (the only thing visible under `@media print`, see styles.css).
 */
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { EndOfDay, OfficeSummaryResult, WaitingItem } from '../../../../preload/contract';
import { printSheet } from '../../print';
import { formatIsoDate } from '../applications/format';
import { useUnavailableText } from './OfficeScope';
import { formatCount, minskDateTime } from './report-format';

function useReason() {
  const { t } = useTranslation();
  return (w: WaitingItem): string => {
    switch (w.reasonCode) {
      case 'draft':
        return t('reports.day.reasons.draft');
      case 'awaiting_signature':
        return t('reports.day.reasons.awaiting_signature');
      case 'awaiting_decision':
        return t('reports.day.reasons.awaiting_decision', { time: w.sentAt ? minskDateTime(w.sentAt) : t('common.dash') });
      case 'not_sent':
        if (w.sentAt) return t('reports.day.reasons.sentLater', { time: minskDateTime(w.sentAt) });
        if (w.attempts === 0) return t('reports.day.reasons.notSentYet');
        return w.lastError
          ? t('reports.day.reasons.notSentError', { n: w.attempts, error: w.lastError.replace(/\.$/, '') })
          : t('reports.day.reasons.notSent', { n: w.attempts });
    }
  };
}

function Figure({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="numeric" data-testid={testId}>
        {formatCount(value)}
      </td>
    </tr>
  );
}

/** The office part: a row per desk of what the registry received from it on the sheet's day. */
function OfficeRows({ office, own }: { office: OfficeSummaryResult; own: string }) {
  const { t } = useTranslation();
  const unavailableText = useUnavailableText();
  if (!office.available) {
    return (
      <p className="paper__text" data-testid="eod-office-unavailable">
        {t('reports.day.officeUnavailable', { reason: unavailableText(office.reason, office.status) })}
      </p>
    );
  }
  const s = office.summary;
  return (
    <>
      <h3 className="paper__section">{t('reports.day.officeTitle')}</h3>
      <p className="paper__text">{t('reports.day.officeNote')}</p>
      <table className="paper__table eod-paper__office" data-testid="eod-office">
        <caption className="visually-hidden">{t('reports.day.officeTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reports.office.columns.workstation')}</th>
            <th scope="col" className="numeric">
              {t('reports.office.total')}
            </th>
          </tr>
        </thead>
        <tbody>
          {s.byWorkstation.map((w) => (
            <tr key={w.key}>
              <th scope="row">
                {w.key === own ? t('reports.office.thisWorkstation', { id: w.key }) : t('reports.office.workstation', { id: w.key })}
              </th>
              <td className="numeric">{formatCount(w.count)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('reports.totalRow')}</th>
            <td className="numeric">{formatCount(s.total)}</td>
          </tr>
        </tfoot>
      </table>
    </>
  );
}

function SheetPaper({ sheet, office }: { sheet: EndOfDay; office: OfficeSummaryResult | null }) {
  const { t } = useTranslation();
  const reason = useReason();
  const time = minskDateTime(sheet.generatedAt);
  return (
    <article className="paper eod-paper" aria-label={t('reports.day.sheetTitle', { date: formatIsoDate(sheet.date) })}>
      <p className="paper__office">{sheet.officeName}</p>
      <h2 className="paper__title">{t('reports.day.sheetTitle', { date: formatIsoDate(sheet.date) })}</h2>
      <p className="paper__registration" data-testid="eod-desk">
        {t('reports.day.deskLine', { id: sheet.workstationId, office: sheet.officeCode })}
      </p>
      <p className="paper__registration">{t('reports.day.minskTime')}</p>
      <table className="paper__table eod-paper__figures">
        <caption className="paper__section">{t('reports.day.figures')}</caption>
        <tbody>
          <Figure label={t('reports.day.taken')} value={sheet.taken} testId="eod-taken" />
          <Figure label={t('reports.day.signed')} value={sheet.signed} testId="eod-signed" />
          <Figure label={t('reports.day.sent')} value={sheet.sent} testId="eod-sent" />
          <Figure label={t('reports.day.approved')} value={sheet.decided.approved} testId="eod-approved" />
          <Figure label={t('reports.day.refused')} value={sheet.decided.refused} testId="eod-refused" />
          <Figure label={t('reports.day.rejected')} value={sheet.rejected} testId="eod-rejected" />
          <Figure label={t('reports.day.cancelled')} value={sheet.cancelled} testId="eod-cancelled" />
          <Figure label={t('reports.day.waiting')} value={sheet.waitingTotal} testId="eod-waiting" />
        </tbody>
      </table>
      <h3 className="paper__section">{t('reports.day.waitingTitle', { n: sheet.waitingTotal })}</h3>
      {sheet.waiting.length === 0 ? (
        <p>{t('reports.day.waitingNone')}</p>
      ) : (
        <table className="paper__table eod-paper__waiting">
          <caption className="visually-hidden">{t('reports.day.waitingCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reports.day.columns.journalNo')}</th>
              <th scope="col">{t('reports.day.columns.procedure')}</th>
              <th scope="col">{t('reports.day.columns.state')}</th>
              <th scope="col">{t('reports.day.columns.clerk')}</th>
              <th scope="col">{t('reports.day.columns.signedAt')}</th>
              <th scope="col">{t('reports.day.columns.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {sheet.waiting.map((w) => (
              <tr key={w.journalNo}>
                <td className="nowrap">{w.journalNo}</td>
                <td>{t(`procedures.${w.procedure}`)}</td>
                <td>{t(`states.${w.state}`)}</td>
                <td>{w.clerkName}</td>
                <td>{w.signedAt ? minskDateTime(w.signedAt) : t('common.dash')}</td>
                <td>{reason(w)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {sheet.waitingTotal > sheet.waiting.length && (
        <p className="paper__text">{t('reports.day.waitingCut', { shown: sheet.waiting.length, total: sheet.waitingTotal })}</p>
      )}
      {office !== null && <OfficeRows office={office} own={sheet.workstationId} />}
      <div className="paper__signatures">
        <div className="paper__signature paper__signature--wide">
          <span className="paper__line" />
          <span>{t('reports.day.signedBy', { name: sheet.generatedBy, office: sheet.officeName })}</span>
          <span>{t('reports.day.generatedAt', { time })}</span>
        </div>
      </div>
    </article>
  );
}

export function EndOfDaySheet({ sheet, office, onClose }: { sheet: EndOfDay; office: OfficeSummaryResult | null; onClose: () => void }) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
    headingRef.current?.scrollIntoView({ block: 'start' });
  }, [sheet]);

  const print = () => printSheet(`end-of-day-${sheet.date}`);

  return (
    <section className="eod" aria-labelledby="eod-title">
      <div className="screen__head">
        <h3 id="eod-title" ref={headingRef} tabIndex={-1}>
          {t('reports.day.sheetTitle', { date: formatIsoDate(sheet.date) })}
        </h3>
        <div className="sheet-actions">
          <button type="button" className="button button--primary" onClick={() => void print()}>
            {t('reports.day.print')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('reports.day.close')}
          </button>
        </div>
      </div>
      <div className="sheet-preview" data-testid="eod-sheet">
        <SheetPaper sheet={sheet} office={office} />
      </div>
      {createPortal(
        <div className="print-layer" data-testid="print-layer">
          <SheetPaper sheet={sheet} office={office} />
        </div>,
        document.body,
      )}
    </section>
  );
}
