/** Русский / Беларуская: the clerk's interface language, remembered on this workstation. */
import { useTranslation } from 'react-i18next';
import { chooseLanguage, currentLanguage, languages } from '../i18n';

export function LanguageSwitch() {
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
          {t(`languages.${language}`)}
        </button>
      ))}
    </div>
  );
}
