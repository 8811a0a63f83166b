/**
 * Reports for the office (supervisor): a period's applications per Minsk day, procedure, clerk
 * and outcome; its CSV export (the applications, or the report's tables); and the end-of-day
 * sheet «Итоги дня» — taken, signed, sent, decided that day and what was still waiting at its
 * end, each with the reason in words. Journal facts only: no citizen's personal data is read.
 *
 * Periods are Minsk calendar days; the repository gets them as UTC instants (Minsk is UTC+3).
 */
import { countDayEvents, countPeriod, listOpenAt, listPeriodApplications, type OpenApplicationRow } from '../../db';
import {
  END_OF_DAY_MAX_WAITING,
  REPORT_CSV_MAX_ROWS,
  ok,
  outcomeOfState,
  outcomes,
  procedures,
  type ApplicationState,
  type EndOfDay,
  type Outcome,
  type ParsedInput,
  type ReportCsv,
  type ReportSummary,
  type Result,
  type WaitReason,
  type WaitingItem,
} from '../../preload/contract';
import { formatMinskDateTime, minskDate, minskDateTimeText, minskDayStart, nextDate } from '../domain/minsk-time';
import type { SessionRecord } from '../sessions';
import { procedureLabelNames } from '../documents/label';
import { csvField } from './audit-log';
import { audit, type Deps } from './deps';

const UNKNOWN_CLERK = '—';

/** Russian names for the CSV and the reasons (the screen translates by code); procedures as on the label. */
const stateNames: Record<ApplicationState, string> = {
  draft: 'Черновик',
  awaiting_signature: 'Ожидает подписи',
  queued: 'В очереди',
  sent: 'Отправлено',
  approved: 'Одобрено',
  refused: 'Отказано',
  cancelled: 'Отменено',
  rejected: 'Отклонено реестром',
};
const outcomeNames: Record<Outcome, string> = {
  approved: 'Одобрено',
  refused: 'Отказано',
  rejected: 'Отклонено реестром',
  cancelled: 'Отменено',
  in_progress: 'В работе (не подписано)',
  waiting: 'Ждёт отправки или решения',
};

/** The instants [from, to) that cover Minsk days `from`…`to`, both included. */
const bounds = (from: string, to: string) => ({ start: minskDayStart(from), end: minskDayStart(nextDate(to)) });

/** Calendar dates from `from` to `to`, both included. */
function datesOf(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = nextDate(d)) dates.push(d);
  return dates;
}

const byName = new Intl.Collator('ru');

async function buildSummary(deps: Deps, from: string, to: string): Promise<ReportSummary> {
  const { start, end } = bounds(from, to);
  const counts = await countPeriod(deps.db, start, end);
  const perDay = new Map(counts.byDay.map((d) => [d.date, d.count]));
  const perProcedure = new Map(counts.byProcedure.map((p) => [p.procedure, p.count]));
  const perOutcome = new Map<Outcome, number>();
  for (const { state, count } of counts.byState)
    perOutcome.set(outcomeOfState[state], (perOutcome.get(outcomeOfState[state]) ?? 0) + count);
  const byDay = datesOf(from, to).map((date) => ({ date, count: perDay.get(date) ?? 0 }));
  return {
    from,
    to,
    total: byDay.reduce((sum, d) => sum + d.count, 0),
    byDay,
    byProcedure: procedures.map((procedure) => ({ procedure, count: perProcedure.get(procedure) ?? 0 })),
    byClerk: counts.byClerk
      .map((c) => ({ clerkId: c.clerkId, clerkName: c.clerkName ?? UNKNOWN_CLERK, count: c.count }))
      .sort((a, b) => b.count - a.count || byName.compare(a.clerkName, b.clerkName) || a.clerkId.localeCompare(b.clerkId)),
    byOutcome: outcomes.map((outcome) => ({ outcome, count: perOutcome.get(outcome) ?? 0 })),
  };
}

export async function summary(deps: Deps, input: ParsedInput<'reports.summary'>): Promise<Result<ReportSummary>> {
  return ok(await buildSummary(deps, input.from, input.to));
}

/** Where an open application stood at `end` (its timestamps say), and why it was waiting. */
export function waitingAt(row: OpenApplicationRow, end: string): WaitingItem {
  const before = (at: string | null): at is string => at !== null && at < end;
  const state: ApplicationState = before(row.sentAt)
    ? 'sent'
    : before(row.signedAt)
      ? 'queued'
      : before(row.printedAt)
        ? 'awaiting_signature'
        : 'draft';
  const reasonCode: WaitReason =
    state === 'sent'
      ? 'awaiting_decision'
      : state === 'queued'
        ? 'not_sent'
        : state === 'awaiting_signature'
          ? 'awaiting_signature'
          : 'draft';
  const attempts = row.attempts ?? 0;
  return {
    journalNo: row.journalNo,
    procedure: row.procedure,
    state,
    clerkName: row.clerkName ?? UNKNOWN_CLERK,
    createdAt: row.createdAt,
    signedAt: before(row.signedAt) ? row.signedAt : null,
    sentAt: row.sentAt,
    reasonCode,
    attempts: reasonCode === 'not_sent' ? attempts : 0,
    lastError: reasonCode === 'not_sent' ? row.lastError : null,
    reason: reasonText(reasonCode, row, attempts),
  };
}

function reasonText(code: WaitReason, row: OpenApplicationRow, attempts: number): string {
  switch (code) {
    case 'draft':
      return 'Не подписано: черновик, заявление не распечатано.';
    case 'awaiting_signature':
      return 'Не подписано: заявление распечатано, подпись заявителя не отмечена.';
    case 'awaiting_decision':
      return `Отправлено в реестр ${formatMinskDateTime(row.sentAt ?? '')}, ждёт решения реестра.`;
    case 'not_sent': {
      if (row.sentAt !== null) return `Не отправлено до конца дня; отправлено позже, ${formatMinskDateTime(row.sentAt)}.`;
      if (attempts === 0) return 'Не отправлено: попыток отправки ещё не было (нет связи с реестром).';
      // The error is a sentence of its own ('Реестр недоступен (503).'): its full stop would double the bracket's.
      const error = row.lastError ? `; последняя ошибка: ${row.lastError.replace(/\.$/, '')}` : '';
      return `Не отправлено: нет связи с реестром (попыток: ${attempts}${error}).`;
    }
  }
}

export async function endOfDay(deps: Deps, session: SessionRecord, input: ParsedInput<'reports.endOfDay'>): Promise<Result<EndOfDay>> {
  const now = deps.clock.now();
  const date = input.date ?? minskDate(now);
  const { start, end } = bounds(date, date);
  const events = await countDayEvents(deps.db, start, end);
  const open = await listOpenAt(deps.db, end, now.toISOString(), END_OF_DAY_MAX_WAITING);
  return ok({
    date,
    officeName: deps.settings.values().officeName,
    officeCode: deps.settings.values().officeCode,
    workstationId: deps.settings.values().workstationId,
    generatedAt: now.toISOString(),
    generatedBy: session.fullName,
    taken: events.taken,
    signed: events.signed,
    sent: events.sent,
    decided: { approved: events.approved, refused: events.refused },
    rejected: events.rejected,
    cancelled: events.cancelled,
    waiting: open.rows.map((row) => waitingAt(row, end)),
    waitingTotal: open.total,
  });
}

const csvLine = (cells: readonly (string | number)[]) => cells.map((c) => csvField(String(c))).join(',');

/** CRLF line ends and a BOM: Excel on Windows opens it as UTF-8 (as the audit export). */
const csvFile = (lines: readonly string[]) => `\uFEFF${lines.join('\r\n')}\r\n`;

/** A CSV leaves the workstation's control: who exported which period is kept. */
export async function exportCsv(deps: Deps, session: SessionRecord, input: ParsedInput<'reports.exportCsv'>): Promise<Result<ReportCsv>> {
  const csv = await buildCsv(deps, input);
  await audit(deps.db, deps, session, 'report.exported', null, { kind: input.kind, from: input.from, to: input.to, rows: csv.rows });
  return ok(csv);
}

async function buildCsv(deps: Deps, input: ParsedInput<'reports.exportCsv'>): Promise<ReportCsv> {
  if (input.kind === 'summary') {
    const s = await buildSummary(deps, input.from, input.to);
    const lines = [
      csvLine(['Период', s.from, s.to]),
      csvLine(['Всего заявлений', s.total]),
      '',
      csvLine(['Дата', 'Заявлений']),
      ...s.byDay.map((d) => csvLine([d.date, d.count])),
      '',
      csvLine(['Процедура', 'Заявлений']),
      ...s.byProcedure.map((p) => csvLine([procedureLabelNames[p.procedure], p.count])),
      '',
      csvLine(['Сотрудник', 'Заявлений']),
      ...s.byClerk.map((c) => csvLine([c.clerkName, c.count])),
      '',
      csvLine(['Итог', 'Заявлений']),
      ...s.byOutcome.map((o) => csvLine([outcomeNames[o.outcome], o.count])),
    ];
    const rows = s.byDay.length + s.byProcedure.length + s.byClerk.length + s.byOutcome.length;
    return { csv: csvFile(lines), rows, truncated: false };
  }
  const { start, end } = bounds(input.from, input.to);
  const found = await listPeriodApplications(deps.db, start, end, REPORT_CSV_MAX_ROWS + 1);
  const rows = found.slice(0, REPORT_CSV_MAX_ROWS);
  const lines = [
    csvLine(['Номер в журнале', 'Процедура', 'Состояние', 'Принято', 'Подписано', 'Решение реестра', 'Сотрудник']),
    ...rows.map((r) =>
      csvLine([
        r.journalNo,
        procedureLabelNames[r.procedure],
        stateNames[r.state],
        minskDateTimeText(r.createdAt),
        r.signedAt ? minskDateTimeText(r.signedAt) : '',
        r.decidedAt ? minskDateTimeText(r.decidedAt) : '',
        r.clerkName ?? UNKNOWN_CLERK,
      ]),
    ),
  ];
  return { csv: csvFile(lines), rows: rows.length, truncated: found.length > REPORT_CSV_MAX_ROWS };
}
