/**
 * The registry says this citizen got a new password within the last 24 hours (`recent_application`):
 * not a refusal, a question. The clerk asks the citizen and, if another one is really wanted, files
 * the application again with `confirmRecent`; otherwise nothing is created.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../../preload/contract';
import { errorText } from '../../i18n';

type Props = { error: AppError; busy: boolean; onConfirm: () => void; onCancel: () => void };

export function RecentConfirm({ error, busy, onConfirm, onCancel }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} role="alert" tabIndex={-1} className="alert alert--info recent-confirm">
      <p>{errorText(error)}</p>
      <p>{t('applicationForm.recentQuestion')}</p>
      <div className="form-actions form-actions--start">
        <button type="button" className="button button--primary" disabled={busy} onClick={onConfirm}>
          {t('applicationForm.recentConfirm')}
        </button>
        <button type="button" className="button" disabled={busy} onClick={onCancel}>
          {t('applicationForm.recentCancel')}
        </button>
      </div>
    </div>
  );
}
