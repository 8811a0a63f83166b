/**
 * «Персональные данные» (supervisor, Law No. 99-З, DOMAIN.md §7): how long the workstation keeps
 * citizens' data and what the retention purge has done, and a citizen's request about their own
 * data — find their applications, print what is held, erase it early where the law allows.
 * Everything about the person stays in this screen's component state: never in a store, gone
 * with the screen.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RetentionCard } from './RetentionCard';
import { SubjectRequest } from './SubjectRequest';

export function PrivacyScreen() {
  const { t } = useTranslation();
  /** Bumped after an erase: the retention counts change with it. */
  const [version, setVersion] = useState(0);

  return (
    <section className="screen" aria-labelledby="privacy-title">
      <h1 id="privacy-title" tabIndex={-1}>
        {t('privacy.title')}
      </h1>
      <p className="lead privacy__intro">{t('privacy.intro')}</p>
      <RetentionCard version={version} />
      <SubjectRequest onErased={() => setVersion((v) => v + 1)} />
    </section>
  );
}
