/**
 * «Сведения для гражданина»: what the workstation holds about one person — per application its
 * facts, the personal data, the label count and who did what when — plus what is held elsewhere
 * (the registry), signed by the supervisor with the office and the time it was made. Shown on
 * screen as a sheet and printed through the same print layer as the application papers (the only
 * thing visible under `@media print`, see styles.css).
 */
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { formatPhone, type SubjectReport } from '../../../../preload/contract';
import { printSheet } from '../../print';
import { RussianPaper } from '../../components/RussianPaper';
import { fieldTextIn, messagesIn, refusalTextIn } from '../../i18n';
import { formatDateTime, formatIsoDate, fullName } from '../applications/format';

type ReportApplication = SubjectReport['applications'][number];
type Personal = NonNullable<ReportApplication['personal']>;

const phoneConfirmations = ['none', 'sms_code', 'deferred'] as const;

function Row({ label, value }: { label: string; value: string | null | undefined }) {
  if (value === null || value === undefined || value === '') return null;
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{value}</td>
    </tr>
  );
}

function PersonalRows({ personal }: { personal: Personal }) {
  const { t } = useTranslation();
  const { person, document: idDocument } = personal;
  const latin = [person.surnameLatin, person.givenNamesLatin].filter((part) => part !== undefined && part !== '').join(' ');
  const documentLine = idDocument.series
    ? t('print.documentLine', { type: t(`documentTypes.${idDocument.type}`), series: idDocument.series, number: idDocument.number })
    : t('print.documentLineNoSeries', { type: t(`documentTypes.${idDocument.type}`), number: idDocument.number });
  return (
    <>
      <Row label={t('privacy.report.fullName')} value={fullName(person)} />
      <Row label={t('privacy.report.latinName')} value={latin} />
      <Row label={t('privacy.report.birthDate')} value={formatIsoDate(person.birthDate)} />
      <Row label={t('privacy.report.sex')} value={t(`sex.${person.sex}`)} />
      <Row label={t('privacy.report.citizenship')} value={person.citizenship} />
      <Row label={t('privacy.report.idNumber')} value={personal.idNumber} />
      <Row label={t('privacy.report.document')} value={documentLine} />
      <Row label={t('privacy.report.issuedAt')} value={idDocument.issuedAt ? formatIsoDate(idDocument.issuedAt) : null} />
      <Row label={t('privacy.report.expiresAt')} value={formatIsoDate(idDocument.expiresAt)} />
      <Row label={t('privacy.report.issuer')} value={idDocument.issuer} />
      <Row label={t('privacy.report.oldPhone')} value={personal.oldPhone ? formatPhone(personal.oldPhone) : null} />
      <Row label={t('privacy.report.phone')} value={personal.phone ? formatPhone(personal.phone) : null} />
      <Row label={t('privacy.report.uid')} value={personal.uid} />
    </>
  );
}

/** The paper's own language (the interface's on screen, Russian in the print layer): its words for codes. */
function usePaperWords() {
  const { t, i18n } = useTranslation();
  const messages = messagesIn(i18n.language);
  const actions: Record<string, string | undefined> = messages.audit.actions;
  return {
    t,
    reasonText: (reason: string) => refusalTextIn(messages, reason),
    actionLabel: (action: string) => actions[action] ?? action,
    said: (text: string) => (i18n.language === 'ru' ? text : fieldTextIn(messages, text)),
  };
}

function ApplicationPart({ application: a }: { application: ReportApplication }) {
  const { t, reasonText, actionLabel } = usePaperWords();
  const confirmation = phoneConfirmations.find((c) => c === a.phoneConfirmation);
  return (
    <section className="privacy-paper__application">
      <h3 className="paper__section">
        {t('privacy.report.application', { journalNo: a.journalNo, procedure: t(`procedures.${a.procedure}`) })}
      </h3>
      <table className="paper__table">
        <caption className="visually-hidden">{t('privacy.report.facts')}</caption>
        <tbody>
          <Row label={t('privacy.report.state')} value={t(`states.${a.state}`)} />
          <Row label={t('privacy.report.createdAt')} value={formatDateTime(a.createdAt)} />
          <Row label={t('privacy.report.clerk')} value={a.clerkName} />
          <Row label={t('privacy.report.signedAt')} value={a.signedAt ? formatDateTime(a.signedAt) : null} />
          <Row label={t('privacy.report.decidedAt')} value={a.decidedAt ? formatDateTime(a.decidedAt) : null} />
          <Row label={t('privacy.report.purgedAt')} value={a.purgedAt ? formatDateTime(a.purgedAt) : null} />
          <Row
            label={t('privacy.report.phoneConfirmation')}
            value={confirmation && confirmation !== 'none' ? t(`application.phoneConfirmations.${confirmation}`) : null}
          />
          <Row label={t('privacy.report.refusalReasons')} value={a.refusalReasons?.map(reasonText).join('; ')} />
          <Row label={t('privacy.report.labels')} value={String(a.labels)} />
        </tbody>
      </table>
      <h4 className="privacy-paper__subhead">{t('privacy.report.personal')}</h4>
      {a.personal ? (
        <table className="paper__table">
          <caption className="visually-hidden">{t('privacy.report.personal')}</caption>
          <tbody>
            <PersonalRows personal={a.personal} />
          </tbody>
        </table>
      ) : (
        <p>{t('privacy.report.personalPurged')}</p>
      )}
      <h4 className="privacy-paper__subhead">{t('privacy.report.history')}</h4>
      <table className="paper__table privacy-paper__history">
        <caption className="visually-hidden">{t('privacy.report.historyCaption', { journalNo: a.journalNo })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('privacy.report.historyAt')}</th>
            <th scope="col">{t('privacy.report.historyAction')}</th>
            <th scope="col">{t('privacy.report.historyLogin')}</th>
          </tr>
        </thead>
        <tbody>
          {a.history.map((entry, index) => (
            <tr key={`${entry.at}-${index}`}>
              <td className="nowrap">{formatDateTime(entry.at)}</td>
              <td>{actionLabel(entry.action)}</td>
              <td>{entry.actorLogin ?? t('common.dash')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ReportPaper({ report }: { report: SubjectReport }) {
  const { t, said } = usePaperWords();
  const time = formatDateTime(report.generatedAt);
  return (
    <article className="paper privacy-paper" aria-label={t('privacy.report.screenTitle')}>
      <p className="paper__office">{report.officeName}</p>
      <h2 className="paper__title">{t('privacy.report.title')}</h2>
      <p className="paper__registration">{t('privacy.report.request', { id: report.idMasked })}</p>
      <p className="paper__text">{t(report.applications.length > 0 ? 'privacy.report.asOf' : 'privacy.report.nothing', { time })}</p>
      {report.applications.map((a) => (
        <ApplicationPart key={a.id} application={a} />
      ))}
      <h3 className="paper__section">{t('privacy.report.elsewhere')}</h3>
      <p data-testid="held-elsewhere">{said(report.heldElsewhere)}</p>
      <div className="paper__signatures">
        <div className="paper__signature paper__signature--wide">
          <span className="paper__line" />
          <span>{t('privacy.report.signedBy', { name: report.generatedBy, office: report.officeName })}</span>
          <span>{t('privacy.report.generatedAt', { time })}</span>
        </div>
      </div>
    </article>
  );
}

export function SubjectReportView({ report, onClose }: { report: SubjectReport; onClose: () => void }) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
    headingRef.current?.scrollIntoView({ block: 'start' });
  }, [report]);

  const print = () => printSheet('subject-report');

  return (
    <section className="privacy-report" aria-labelledby="subject-report-title">
      <div className="screen__head">
        <h3 id="subject-report-title" ref={headingRef} tabIndex={-1}>
          {t('privacy.report.screenTitle')}
        </h3>
        <div className="sheet-actions">
          <button type="button" className="button button--primary" onClick={() => void print()}>
            {t('privacy.report.print')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('privacy.report.close')}
          </button>
        </div>
      </div>
      <div className="sheet-preview" data-testid="subject-report">
        <ReportPaper report={report} />
      </div>
      {createPortal(
        <div className="print-layer" data-testid="print-layer" lang="ru">
          {/* On screen in the interface language; on paper in Russian (no print language in the config). */}
          <RussianPaper>
            <ReportPaper report={report} />
          </RussianPaper>
        </div>,
        document.body,
      )}
    </section>
  );
}
