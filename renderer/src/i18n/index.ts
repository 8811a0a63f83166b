/**
 * i18next set-up, the clerk's language choice (kept in localStorage; until chosen, the
 * office default from `app.info`) and the two translation helpers components need beyond
 * `t`: error texts by code and audit action names. Russian is built in; Belarusian is a chunk
 * loaded before it is first shown (`ready` at start, or on switching), so a Russian-speaking
 * office never fetches it.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { AppError, FieldIssue } from '../../../preload/contract';
import { errorTextIn, fieldIssueTextIn, fieldTextIn, reasonTextIn, refusalTextIn, scanReasonTextIn } from './texts';

export { fieldTextIn, refusalTextIn } from './texts';
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
const dictionaries: Partial<Record<Language, Messages>> = { ru };
const loaders: Record<Language, () => Promise<Messages>> = {
  ru: () => Promise.resolve(ru),
  be: () => import('./be').then((m) => m.be),
};

const isLanguage = (value: unknown): value is Language => value === 'ru' || value === 'be';

function storedLanguage(): Language | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

/** The current language's messages (Russian until another is loaded). */
const messages = (): Messages => dictionaries[currentLanguage()] ?? ru;

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'ru';
}

/** The last language asked for: a slower load of an earlier choice does not override it. */
let wanted: Language = 'ru';

/** Loads the language's texts if this window has not yet, then shows it. */
async function switchTo(language: Language): Promise<void> {
  wanted = language;
  let messages = dictionaries[language];
  if (!messages) {
    messages = await loaders[language]();
    dictionaries[language] = messages;
    i18n.addResourceBundle(language, 'translation', messages);
  }
  if (wanted === language && currentLanguage() !== language) await i18n.changeLanguage(language);
}

/** The clerk picked a language in the header: remember it on this workstation. */
export function chooseLanguage(language: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Storage may be unavailable (private mode); the choice then lasts for this window only.
  }
  // Should the Belarusian chunk fail to load, the language stays as it is.
  switchTo(language).catch(() => undefined);
}

/** The office default from `app.info`, used only while the clerk has not chosen one. */
export async function applyDefaultLanguage(language: Language): Promise<void> {
  if (storedLanguage() === null && currentLanguage() !== language) await switchTo(language).catch(() => undefined);
}

/**
 * What to show for a failed call. Russian shows the main process's own message (it may be more
 * specific, e.g. the time a lock ends); other languages translate by code; the message is the
 * fallback for anything unknown.
 */
export function errorText(error: AppError): string {
  if (currentLanguage() === 'ru' && error.message) return error.message;
  return errorTextIn(messages(), error);
}

/**
 * A registry refusal code in words. Codes are open (central-api.yaml 1.1): one this build does not
 * know is kept and shown by code, «Отказано реестром: код X».
 */
export function refusalText(code: string): string {
  return refusalTextIn(messages(), code);
}

/** A field issue (code and parameters) in the current language; `fallback` when there is no text for it. */
export function fieldIssueText(issue: FieldIssue, fallback: string): string {
  return fieldIssueTextIn(messages(), issue, fallback);
}

/**
 * A field's words, whoever made them (the contract's schemas as the clerk types, the main
 * process): Russian as said; another language by the code behind the words, or as said when
 * they have none.
 */
export function fieldText(text: string | undefined): string | undefined {
  if (text === undefined || text === '' || currentLanguage() === 'ru') return text;
  return fieldTextIn(messages(), text);
}

/**
 * A field's error from the main process: its own (Russian) words in Russian; in another language,
 * its code's words (`fieldIssues`), else the registry's reason when there is one.
 */
export function fieldErrorText(error: AppError | null, field: string): string | undefined {
  const said = error?.fields?.[field];
  if (said === undefined || !error) return undefined;
  if (currentLanguage() === 'ru') return said;
  const issue = error.fieldIssues?.[field];
  if (issue) return fieldIssueText(issue, said);
  return error.reason ? reasonTextIn(messages(), error.reason) : fieldText(said);
}

/**
 * Why a read of the card reader was refused or unreadable (its code: main/domain/mrz-types.ts or
 * `unreadable`): main's own Russian words in Russian, the code's words in another language.
 */
export function scanReasonText(error: { code: string; message: string }): string {
  if (currentLanguage() === 'ru' && error.message) return error.message;
  return scanReasonTextIn(messages(), error);
}

/** The human name of an audit action; the raw name when the action is new to this build. */
export function auditActionLabel(action: string): string {
  const table: Record<string, string | undefined> = (dictionaries[currentLanguage()] ?? ru).audit.actions;
  return table[action] ?? action;
}

/** The human name of an audit detail's key; the raw key when it is new to this build. */
export function auditKeyLabel(key: string): string {
  const table: Record<string, string | undefined> = (dictionaries[currentLanguage()] ?? ru).audit.keys;
  return table[key] ?? key;
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
  resources: { ru: { translation: ru } },
  lng: 'ru',
  fallbackLng: 'ru',
  supportedLngs: ['ru', 'be'],
  interpolation: { escapeValue: false },
  initAsync: false,
  returnNull: false,
});

/**
 * Papers for the citizen (the application, the notice, «Сведения для гражданина») are printed in
 * Russian whatever the clerk's interface language: the office's config has no print language
 * (docs/config.md), and the official forms are Russian (docs/design/DESIGN.md, «Язык бумаг»).
 * The print layers translate with this instance; what is shown on screen follows the interface.
 */
export const paperI18n = i18n.cloneInstance({ lng: 'ru' });

/** A language's messages (Russian until the other is loaded). */
export const messagesIn = (language: string): Messages => (isLanguage(language) ? dictionaries[language] : undefined) ?? ru;

/** Settles once the remembered language is shown (at once for Russian); the first render waits for it. */
export const ready: Promise<void> = switchTo(storedLanguage() ?? 'ru').catch(() => undefined);

export { i18n };
