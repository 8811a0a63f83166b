/**
 * The frame of the screens before work starts (first run, login): product, office, language. Every
 * part sits in a landmark (banner, main, contentinfo), so a screen reader can jump between them.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DemoBanner } from '../../components/DemoBanner';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useSession } from '../../stores/session';

export function AuthLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const info = useSession((s) => s.info);
  return (
    <div className="auth">
      <DemoBanner />
      <header className="auth__top">
        <div className="brand">
          <span className="brand__mark" aria-hidden="true" />
          <span className="brand__name">{t('app.name')}</span>
          <span className="brand__tagline">{t('app.tagline')}</span>
        </div>
        <LanguageSwitch />
      </header>
      <main className="auth__card">{children}</main>
      {info && !info.setupRequired && (
        <footer className="auth__office">
          {/* Unset (never a default) until an admin names the desk: a dash, not a blank. */}
          {t('login.office', { name: info.officeName, code: info.officeCode || '—', workstation: info.workstationId || '—' })}
        </footer>
      )}
    </div>
  );
}
