/**
 * «Состояние УИ в реестре»: once the identification number is valid, the clerk may ask the
 * registry whether the citizen has a UID, and its state (`citizens.lookup`). Never asked on its
 * own: every lookup is audited. The answer belongs to the number it was asked for.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError, LookupResult } from '../../../../preload/contract';
import { api } from '../../api';
import { FormAlert } from '../../components/FormAlert';
import { formatAnyDate, formatDateTime } from './format';

type Answer = { idNumber: string } & ({ kind: 'result'; result: LookupResult } | { kind: 'offline' } | { kind: 'error'; error: AppError });

/**
 * 1.1: this person's applications the registry holds undecided, and those it decided in the last
 * 24 hours, from any desk of any office: the clerk sees a duplicate before the citizen signs.
 */
function RegistryApplications({ result }: { result: LookupResult }) {
  const { t } = useTranslation();
  const pending = result.pending ?? [];
  const recent = result.recent ?? [];
  if (pending.length === 0 && recent.length === 0) return null;
  const desk = (a: { officeCode: string; workstationId: string; journalNo?: string | undefined }) =>
    t('applicationForm.lookupDesk', { workstation: a.workstationId, office: a.officeCode, journalNo: a.journalNo ?? t('common.dash') });
  return (
    <ul className="uid-lookup__applications">
      {pending.map((a) => (
        <li key={`p-${a.officeCode}-${a.workstationId}-${a.submittedAt}`}>
          {t('applicationForm.lookupPending', {
            procedure: t(`procedures.${a.procedure}`),
            desk: desk(a),
            time: formatDateTime(a.submittedAt),
          })}
        </li>
      ))}
      {recent.map((a) => (
        <li key={`r-${a.officeCode}-${a.workstationId}-${a.decidedAt}`}>
          {t('applicationForm.lookupRecent', {
            procedure: t(`procedures.${a.procedure}`),
            outcome: t(`notifications.outcome.${a.outcome}`),
            desk: desk(a),
            time: formatDateTime(a.decidedAt),
          })}
        </li>
      ))}
    </ul>
  );
}

export function UidLookup({ idNumber }: { idNumber: string }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const hintId = useId();
  const shown = answer !== null && answer.idNumber === idNumber ? answer : null;
  // The button is disabled while the registry is asked: focus goes to the answer, and Tab on from there.
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (answer !== null) resultRef.current?.focus();
  }, [answer]);

  const lookup = async () => {
    setBusy(true);
    const result = await api['citizens.lookup']({ idNumber });
    setBusy(false);
    if (result.ok) setAnswer({ idNumber, kind: 'result', result: result.value });
    else if (result.error.code === 'unavailable') setAnswer({ idNumber, kind: 'offline' });
    else setAnswer({ idNumber, kind: 'error', error: result.error });
  };

  const describe = (r: LookupResult): string => {
    const head = {
      none: t('applicationForm.lookupNone'),
      active: t('applicationForm.lookupActive'),
      blocked: t('applicationForm.lookupBlocked'),
    }[r.state];
    if (r.state === 'none') return head;
    return [
      head,
      r.phoneMasked ? t('applicationForm.lookupPhone', { phone: r.phoneMasked }) : null,
      r.assignedAt ? t('applicationForm.lookupAssigned', { date: formatAnyDate(r.assignedAt) }) : null,
    ]
      .filter((part) => part !== null)
      .join(', ');
  };

  return (
    <section className="uid-lookup" aria-labelledby={titleId}>
      <h3 id={titleId}>{t('applicationForm.lookupTitle')}</h3>
      <div className="uid-lookup__row">
        <button type="button" className="button button--small" disabled={busy} aria-describedby={hintId} onClick={() => void lookup()}>
          {t('applicationForm.lookup')}
        </button>
        <div ref={resultRef} role="status" tabIndex={-1} className="uid-lookup__result">
          {shown?.kind === 'result' && (
            <span className={`uid-lookup__state uid-lookup__state--${shown.result.state}`}>{describe(shown.result)}</span>
          )}
          {shown?.kind === 'result' && <RegistryApplications result={shown.result} />}
          {shown?.kind === 'offline' && (
            <span className="uid-lookup__state uid-lookup__state--offline">{t('applicationForm.lookupOffline')}</span>
          )}
        </div>
      </div>
      <p id={hintId} className="field__hint">
        {t('applicationForm.lookupHint')}
      </p>
      {shown?.kind === 'error' && <FormAlert error={shown.error} />}
    </section>
  );
}
