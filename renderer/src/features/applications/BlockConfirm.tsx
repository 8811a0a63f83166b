/**
 * «Заблокировать УИ …?»: blocking closes the citizen's access to the portal, so the clerk confirms
 * it naming the citizen and the UID before the application is created. The danger button and
 * «Вернуться к заявлению» cannot be confused.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';

type Props = { idNumber: string; name: string; busy: boolean; onConfirm: () => void; onCancel: () => void };

export function BlockConfirm({ idNumber, name, busy, onConfirm, onCancel }: Props) {
  const { t } = useTranslation();
  const textId = useId();
  return (
    <Dialog title={t('screens.blockTitle', { uid: idNumber })} onClose={onCancel} describedBy={textId} className="dialog--wide">
      <div id={textId}>
        <p>{t('screens.blockCitizen', { name })}</p>
        <p>{t('screens.blockText')}</p>
      </div>
      <div className="form-actions">
        {/* The safe choice first, so that Enter on opening does not block. */}
        <button type="button" className="button" autoFocus onClick={onCancel}>
          {t('screens.blockBack')}
        </button>
        <button type="button" className="button button--danger" disabled={busy} onClick={onConfirm}>
          {t('screens.blockConfirm')}
        </button>
      </div>
    </Dialog>
  );
}
