/**
 * The printed papers: the application for the citizen's signature (saying how the phone was
 * confirmed: SMS code, or after the link to the registry is back) and, once a UID is issued, the
 * notice with the UID the registry assigned. The application follows the official form: «Заявление
 * о выдаче (блокировке, разблокировке, изменении номера телефона) уникального идентификатора» with
 * its four operations; a new password has its own «Заявление о восстановлении доступа к личному
 * электронному кабинету». Rendered into a print layer that is hidden on screen and is the only
 * thing shown under `@media print` (A4, see styles.css). The notice never carries a password, and
 * says only what the registry reported about sending it.
 */
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { formatPhone, needsPhone, type ApplicationDetail, type Procedure } from '../../../../preload/contract';
import { RussianPaper } from '../../components/RussianPaper';
import { formatDay, formatIsoDate, fullName } from './format';

export type PrintKind = 'application' | 'notice';

/** The operations of the official UID application form; a new password is a paper of its own. */
const formOperations = ['issue', 'block', 'unblock', 'change_phone'] as const satisfies readonly Procedure[];

function Row({ label, value }: { label: string; value: string | undefined }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{value ?? ''}</td>
    </tr>
  );
}

function ApplicationPaper({ detail }: { detail: ApplicationDetail }) {
  const { t } = useTranslation();
  const personal = detail.personal;
  const idDocument = personal?.document;
  const resetPassword = detail.procedure === 'reset_password';
  const title = t(resetPassword ? 'print.resetPasswordTitle' : 'print.applicationTitle');
  return (
    <article className="paper" aria-label={title}>
      <p className="paper__addressee">{t('print.addressee', { office: detail.officeName })}</p>
      <h1 className="paper__title">{title}</h1>
      <p className="paper__registration">{t('print.registration', { journalNo: detail.journalNo, date: formatDay(detail.createdAt) })}</p>

      {resetPassword ? (
        <p className="paper__text">{t('print.resetPasswordRequest')}</p>
      ) : (
        <>
          <p className="paper__label">{t('print.operation')}</p>
          <ul className="paper__operations">
            {formOperations.map((p) => (
              <li key={p}>
                <span aria-hidden="true">{p === detail.procedure ? '☒' : '☐'}</span> {t(`print.operations.${p}`)}
              </li>
            ))}
          </ul>
        </>
      )}

      {personal && idDocument && (
        <>
          <h2 className="paper__section">{t('print.applicant')}</h2>
          <table className="paper__table">
            <tbody>
              <Row label={t('print.fullName')} value={fullName(personal.person)} />
              <Row label={t('print.birthDate')} value={formatIsoDate(personal.person.birthDate)} />
              <Row label={t('print.sex')} value={t(`sex.${personal.person.sex}`)} />
              <Row label={t('print.citizenship')} value={personal.person.citizenship} />
              <Row label={t('print.idNumber')} value={personal.idNumber} />
              {detail.procedure === 'change_phone' ? (
                <>
                  <Row label={t('print.oldPhone')} value={personal.oldPhone ? formatPhone(personal.oldPhone) : undefined} />
                  <Row label={t('print.newPhone')} value={personal.phone ? formatPhone(personal.phone) : undefined} />
                </>
              ) : (
                personal.phone && <Row label={t('print.phone')} value={formatPhone(personal.phone)} />
              )}
              {needsPhone(detail.procedure) && detail.phoneConfirmation === 'sms_code' && (
                <Row label={t('print.phoneConfirmation')} value={t('application.phoneConfirmations.sms_code')} />
              )}
            </tbody>
          </table>
          {needsPhone(detail.procedure) && detail.phoneConfirmation === 'deferred' && (
            <p className="paper__text">{t('print.phoneDeferred')}</p>
          )}
          <h2 className="paper__section">{t('print.document')}</h2>
          <table className="paper__table">
            <tbody>
              <Row
                label={t('print.documentKind')}
                value={
                  idDocument.series
                    ? t('print.documentLine', {
                        type: t(`documentTypes.${idDocument.type}`),
                        series: idDocument.series,
                        number: idDocument.number,
                      })
                    : t('print.documentLineNoSeries', { type: t(`documentTypes.${idDocument.type}`), number: idDocument.number })
                }
              />
              <Row label={t('print.issuedAt')} value={idDocument.issuedAt ? formatIsoDate(idDocument.issuedAt) : undefined} />
              <Row label={t('print.expiresAt')} value={formatIsoDate(idDocument.expiresAt)} />
              <Row label={t('print.issuer')} value={idDocument.issuer} />
            </tbody>
          </table>
        </>
      )}

      <p className="paper__consent">☒ {t('print.consent')}</p>

      <div className="paper__signatures">
        <div className="paper__signature">
          <span className="paper__line" />
          <span>{t('print.applicantSignature')}</span>
        </div>
        <div className="paper__signature">
          <span className="paper__line" />
          <span>{t('print.date')}</span>
        </div>
        <div className="paper__signature paper__signature--wide">
          <span className="paper__line" />
          <span>{t('print.clerkSignature', { clerk: detail.clerkName })}</span>
        </div>
      </div>
    </article>
  );
}

function NoticePaper({ detail }: { detail: ApplicationDetail }) {
  const { t } = useTranslation();
  const personal = detail.personal;
  return (
    <article className="paper" aria-label={t('print.noticeTitle')}>
      <p className="paper__addressee">{t('print.noticeIssuer', { office: detail.officeName })}</p>
      <h1 className="paper__title">{t('print.noticeTitle')}</h1>
      <table className="paper__table">
        <tbody>
          <Row label={t('print.noticeHolder')} value={personal ? fullName(personal.person) : undefined} />
          {/* The UID the registry assigned; for a citizen of Belarus it is the identification number. */}
          <Row label={t('print.noticeUid')} value={personal?.uid ?? personal?.idNumber} />
          <Row label={t('print.noticeDate')} value={formatDay(detail.decidedAt ?? detail.updatedAt)} />
        </tbody>
      </table>
      {/* Only what the registry reported: a password it did not say it sent is not promised. */}
      {detail.temporaryPasswordSent === true ? (
        <>
          <p className="paper__text">{t('print.noticeSms')}</p>
          <p className="paper__text">{t('print.noticeChange')}</p>
        </>
      ) : (
        <p className="paper__text">{t(detail.temporaryPasswordSent === false ? 'print.noticeSmsNotSent' : 'print.noticeSmsUnknown')}</p>
      )}
      <p className="paper__text">{t('print.noticePortal')}</p>
      <div className="paper__signatures">
        <div className="paper__signature paper__signature--wide">
          <span className="paper__line" />
          <span>{t('print.noticeClerk', { clerk: detail.clerkName })}</span>
        </div>
      </div>
    </article>
  );
}

/** The print layer: a sibling of #root, so `@media print` can hide the whole app around it. */
export function PrintLayer({ detail, kind }: { detail: ApplicationDetail; kind: PrintKind }) {
  return createPortal(
    <div className="print-layer" data-testid="print-layer" lang="ru">
      {/* Printed in Russian whatever the interface language (no print language in the config). */}
      <RussianPaper>{kind === 'application' ? <ApplicationPaper detail={detail} /> : <NoticePaper detail={detail} />}</RussianPaper>
    </div>,
    document.body,
  );
}
