/** «Загрузка…» while the session is being restored or a screen's code is being loaded. */
import { useTranslation } from 'react-i18next';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status">
      {t('app.loading')}
    </div>
  );
}
