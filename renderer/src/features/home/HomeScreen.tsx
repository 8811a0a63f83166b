/** «Главная»: a calm welcome for now; procedures and the journal come here later. */
import { useTranslation } from 'react-i18next';
import { formatLongDate } from '../../format/dates';
import { currentLanguage } from '../../i18n';
import { useSession } from '../../stores/session';

export function HomeScreen() {
  const { t } = useTranslation();
  const session = useSession((s) => s.session);
  if (!session) return null;
  const date = formatLongDate(new Date(), currentLanguage(), true);
  return (
    <section className="screen screen--home" aria-labelledby="home-title">
      <h1 id="home-title" tabIndex={-1}>
        {t('home.greeting', { name: session.fullName })}
      </h1>
      <p className="lead">{t('home.signedInAs', { role: t(`roles.${session.role}`), login: session.login })}</p>
      <p className="lead">{t('home.today', { date })}</p>
      <p className="muted">{t('home.later')}</p>
    </section>
  );
}
