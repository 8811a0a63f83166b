/**
 * Error words by code in a given language's messages: pure (no window, no i18next state), so the
 * unit test renders every code with the same functions the screens use through index.ts.
 */
import { fieldIssueOfText, fillTemplate, type AppError, type AppErrorReason, type FieldIssue } from '../../../preload/contract';
import { formatDateTime } from '../format/dates';
import type { Messages } from './ru';

/**
 * A field issue (code and parameters, field-messages.ts) in these messages; `fallback` (the
 * Russian words) when there is no text for the code. `error.X` is an error code's own message
 * said on a field.
 */
export function fieldIssueTextIn(messages: Messages, issue: FieldIssue, fallback: string): string {
  if (issue.code.startsWith('error.')) {
    const errors: Record<string, string | undefined> = messages.errors;
    return errors[issue.code.slice('error.'.length)] ?? fallback;
  }
  const table: Record<string, string | undefined> = messages.fieldErrors;
  const template = table[issue.code];
  return template === undefined ? fallback : fillTemplate(template, issue.params);
}

/** Russian words of a field in these messages: by the code behind them, or as said when they have none. */
export function fieldTextIn(messages: Messages, text: string): string {
  const issue = fieldIssueOfText(text);
  return issue ? fieldIssueTextIn(messages, issue, text) : text;
}

/**
 * A registry refusal code in words. Codes are open (central-api.yaml 1.1): one this build does not
 * know is kept and shown by code, «Отказано реестром: код X».
 */
export function refusalTextIn(messages: Messages, code: string): string {
  const table: Record<string, string | undefined> = messages.refusals;
  return (code === 'unknown' ? undefined : table[code]) ?? messages.refusals.unknown.replace('{{code}}', code);
}

/** A refusal with its details (the other desk, its journal number, when) where these messages have words for them. */
export function reasonTextIn(messages: Messages, reason: AppErrorReason): string {
  const details: Record<string, string | undefined> = messages.refusalDetails;
  const template = reason.params ? details[reason.code] : undefined;
  if (template === undefined || !reason.params) return refusalTextIn(messages, reason.code);
  const params = { ...reason.params, ...(reason.params['decidedAt'] && { decidedAt: formatDateTime(reason.params['decidedAt'], false) }) };
  const text = fillTemplate(template, params);
  // A parameter the answer lacks: the plain reason rather than a template's braces.
  return /\{\w+\}/.test(text) ? refusalTextIn(messages, reason.code) : text;
}

/** A failed call by its code (and the words behind its message, when they have a code), with the registry's reason. */
export function errorTextIn(messages: Messages, error: AppError): string {
  // Main's message may be a field message said for the whole form (a phone not confirmed…): its own words.
  const own = error.message ? fieldIssueOfText(error.message) : undefined;
  const text = (own && fieldIssueTextIn(messages, own, '')) || (messages.errors[error.code] ?? error.message);
  return error.reason ? `${text} ${reasonTextIn(messages, error.reason)}` : text;
}

/** Why a read of the card reader was refused or unreadable, by its code; `message` when this build has no words. */
export function scanReasonTextIn(messages: Messages, error: { code: string; message: string }): string {
  const table: Record<string, string | undefined> = messages.scanReasons;
  return table[error.code] ?? error.message;
}
