/**
 * i18next set-up, the clerk's language choice (kept in localStorage; until chosen, the
 * office default from `app.info`) and the two translation helpers components need beyond
 * `t`: error texts by code and audit action names.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { AppError } from '../../../preload/contract';
import { be } from './be';
import { ru, type Messages } from './ru';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
    returnNull: false;
  }
}

export type Language = 'ru' | 'be';
export const languages: readonly Language[] = ['ru', 'be'];

const STORAGE_KEY = 'okno.language';
const dictionaries: Record<Language, Messages> = { ru, be };

const isLanguage = (value: unknown): value is Language => value === 'ru' || value === 'be';

function storedLanguage(): Language | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'ru';
}

/** The clerk picked a language in the header: remember it on this workstation. */
export function chooseLanguage(language: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this window only.
  }
  void i18n.changeLanguage(language);
}

/** The office default from `app.info`, used only while the clerk has not chosen one. */
export function applyDefaultLanguage(language: Language): void {
  if (storedLanguage() === null && currentLanguage() !== language) void i18n.changeLanguage(language);
}

/**
 * What to show for a failed call. Russian shows the main process's own message (it may be more
 * specific, e.g. the time a lock ends); other languages translate by code; the message is the
 * fallback for anything unknown.
 */
export function errorText(error: AppError): string {
  const language = currentLanguage();
  if (language === 'ru' && error.message) return error.message;
  return dictionaries[language].errors[error.code] ?? error.message;
}

/** The human name of an audit action; the raw name when the action is new to this build. */
export function auditActionLabel(action: string): string {
  const table: Record<string, string | undefined> = dictionaries[currentLanguage()].audit.actions;
  return table[action] ?? action;
}

/** BCP 47 tag for dates and times in the current language. */
export function locale(): string {
  return currentLanguage() === 'be' ? 'be-BY' : 'ru-RU';
}

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = isLanguage(language) ? language : 'ru';
  document.title = i18n.t('app.name');
});

void i18n.use(initReactI18next).init({
  resources: { ru: { translation: ru }, be: { translation: be } },
  lng: storedLanguage() ?? 'ru',
  fallbackLng: 'ru',
  supportedLngs: ['ru', 'be'],
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

export { i18n };
