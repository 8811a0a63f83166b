/** Русский / Беларуская: the clerk's interface language, remembered on this workstation. */
import { useTranslation } from 'react-i18next';
import { chooseLanguage, currentLanguage, languages } from '../i18n';

/** `compact` (the header): «Рус»/«Бел» on the buttons, the full names as their names (so the office fits at 1366 px). */
export function LanguageSwitch({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const active = currentLanguage();
  return (
    <div className="language-switch" role="group" aria-label={t('header.language')}>
      {languages.map((language) => (
        <button
          key={language}
          type="button"
          lang={language}
          className="language-switch__option"
          aria-pressed={active === language}
          onClick={() => chooseLanguage(language)}
        >
          {compact ? (
            <>
              <span aria-hidden="true">{t(`languagesShort.${language}`)}</span>
              <span className="visually-hidden">{t(`languages.${language}`)}</span>
            </>
          ) : (
            t(`languages.${language}`)
          )}
        </button>
      ))}
    </div>
  );
}
