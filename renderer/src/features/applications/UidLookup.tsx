/**
 * «Состояние УИ в реестре»: once the identification number is valid, the clerk may ask the
 * registry whether the citizen has a UID, and its state (`citizens.lookup`). Never asked on its
 * own: every lookup is audited. The answer belongs to the number it was asked for.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError, LookupResult } from '../../../../preload/contract';
import { api } from '../../api';
import { FormAlert } from '../../components/FormAlert';
import { formatAnyDate } from './format';

type Answer = { idNumber: string } & ({ kind: 'result'; result: LookupResult } | { kind: 'offline' } | { kind: 'error'; error: AppError });

export function UidLookup({ idNumber }: { idNumber: string }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();
  const hintId = useId();
  const shown = answer !== null && answer.idNumber === idNumber ? answer : null;

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
        <div role="status" className="uid-lookup__result">
          {shown?.kind === 'result' && (
            <span className={`uid-lookup__state uid-lookup__state--${shown.result.state}`}>{describe(shown.result)}</span>
          )}
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
