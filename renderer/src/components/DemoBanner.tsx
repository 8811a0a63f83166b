/** «Учебный режим»: a thin stripe on every screen while the app runs on training data. */
import { useTranslation } from 'react-i18next';
import { useSession } from '../stores/session';

export function DemoBanner() {
  const { t } = useTranslation();
  const demo = useSession((s) => s.info?.demo === true);
  if (!demo) return null;
  return (
    // A labelled region: a landmark of its own, so no text is left outside landmarks.
    <section className="demo-banner" aria-label={t('demo.label')}>
      {t('demo.banner')}
    </section>
  );
}
