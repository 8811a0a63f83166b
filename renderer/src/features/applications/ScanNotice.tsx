/**
 * What the last scan did: a polite notice when it filled the form, an alert when it did not (a
 * document read well but refused says what was read and why), and
 * an alert when it emptied a form the clerk had typed into because the document is another
 * citizen's (one citizen per application: nothing typed for the first stays with the second).
 */
import { useTranslation } from 'react-i18next';
import { errorText, fieldText, scanReasonText } from '../../i18n';
import { formatIsoDate } from './format';
import type { ScanOutcome } from './use-scan-fill';

/** «Документ считан, но не принимается»: which document (type, number, name) and why, with its date. */
function Refused({ outcome }: { outcome: Extract<ScanOutcome, { kind: 'refused' }> }) {
  const { t } = useTranslation();
  const d = outcome.document;
  const kind = d.documentType !== undefined ? t(`documentTypes.${d.documentType}`) : t('screens.scanDocument');
  const document = [kind, d.series, d.number].filter((part) => part !== undefined && part !== '').join(' ');
  const name = [d.surnameLatin, d.givenNamesLatin].filter((part) => part !== '').join(' ');
  return (
    <div role="alert" className="alert alert--error scan-notice">
      <p className="scan-notice__title">{t('screens.scanRefused')}</p>
      <p>{t('screens.scanRead', { document, name })}</p>
      <p>{t(`screens.scanReasons.${d.refusal.code}`, { date: formatIsoDate(d.refusal.date) })}</p>
    </div>
  );
}

export function ScanNotice({ outcome }: { outcome: ScanOutcome | null }) {
  const { t } = useTranslation();
  const filled = outcome?.kind === 'filled' ? outcome : null;
  return (
    <>
      {filled?.alert === true && (
        <div role="alert" className="alert alert--error scan-notice">
          <p>{t('applicationForm.scanOtherCitizen')}</p>
        </div>
      )}
      <div role="status" aria-live="polite" className={filled ? 'alert alert--info scan-notice' : 'visually-empty'}>
        {filled && (
          <>
            <p>{t('applicationForm.scanFilled')}</p>
            {filled.warnings.length > 0 && (
              <ul>
                {filled.warnings.map((warning) => (
                  <li key={warning}>{fieldText(warning)}</li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
      {outcome?.kind === 'unreadable' && (
        <div role="alert" className="alert alert--error scan-notice">
          <p>{t('applicationForm.scanFailed')}</p>
          <p>{scanReasonText(outcome)}</p>
        </div>
      )}
      {outcome?.kind === 'refused' && <Refused outcome={outcome} />}
      {outcome?.kind === 'failed' && (
        <div role="alert" className="alert alert--error scan-notice">
          <p>{t('applicationForm.scanFailed')}</p>
          {/* Main's own words in Russian; in Belarusian by the code behind them. */}
          <p>{errorText(outcome.error)}</p>
        </div>
      )}
    </>
  );
}
