/**
 * The sticker glued onto the paper application: journal number (also as a Code 128 barcode),
 * procedure, date and clerk. It deliberately carries NO personal data — never a phone, never an
 * identification number (not even masked): the label is visible to anyone at the counter.
 */
import type { ApplicationSummary, Procedure } from '../../preload/contract';
import { minskDate } from '../domain/minsk-time';

export interface LabelModel {
  /** e.g. `2025/000123` — printed as text and as a Code 128 barcode. */
  readonly journalNo: string;
  /** The procedure's Russian name, e.g. «Выдача УИ». */
  readonly procedure: string;
  /** Minsk date, DD.MM.YYYY. */
  readonly date: string;
  readonly clerkName: string;
}

export const procedureLabelNames: Readonly<Record<Procedure, string>> = {
  issue: 'Выдача УИ',
  block: 'Блокировка УИ',
  unblock: 'Разблокировка УИ',
  change_phone: 'Смена телефона',
  reset_password: 'Новый пароль',
};

/** DD.MM.YYYY of an instant, on the Minsk calendar. */
export function labelDate(instant: Date): string {
  const [y, m, d] = minskDate(instant).split('-');
  return `${d ?? ''}.${m ?? ''}.${y ?? ''}`;
}

/**
 * Builds the label from an application summary. Only the four fields are copied, so whatever
 * the summary carries (masked id number, phone confirmation…) cannot leak onto paper.
 * `at` defaults to the application's creation instant.
 */
export function labelFromSummary(
  summary: Pick<ApplicationSummary, 'journalNo' | 'procedure' | 'createdAt' | 'clerkName'>,
  at?: Date,
): LabelModel {
  return {
    journalNo: summary.journalNo,
    procedure: procedureLabelNames[summary.procedure],
    date: labelDate(at ?? new Date(summary.createdAt)),
    clerkName: summary.clerkName,
  };
}
