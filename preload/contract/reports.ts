/**
 * Reports for the office (supervisor): what was taken in a period — per Minsk day, procedure,
 * clerk and outcome — its CSV export, and the end-of-day sheet «Итоги дня». Counts, journal
 * numbers, dates and clerks' names only: no citizen's personal data crosses these channels.
 */
import { z } from 'zod';
import { fieldMessage } from './field-messages';
import { applicationStates, procedures, type ApplicationState } from './applications';

/** The longest period one report covers, in days (a leap year). */
export const REPORT_MAX_DAYS = 366;

/** What became of an application, as a report groups its state. */
export const outcomes = ['approved', 'refused', 'rejected', 'cancelled', 'in_progress', 'waiting'] as const;
export type Outcome = (typeof outcomes)[number];

/** in_progress: not signed yet (draft, awaiting the signature); waiting: signed, no decision yet. */
export const outcomeOfState: Record<ApplicationState, Outcome> = {
  draft: 'in_progress',
  awaiting_signature: 'in_progress',
  queued: 'waiting',
  sent: 'waiting',
  approved: 'approved',
  refused: 'refused',
  rejected: 'rejected',
  cancelled: 'cancelled',
};

/** A calendar date of the office's years (the journal's years are 2000 and later). */
const localDate = z.iso.date(fieldMessage('date.iso')).refine((d) => d >= '2000-01-01' && d <= '2999-12-31', fieldMessage('date.years'));

/** Whole days from `from` to `to`, both included (calendar dates, no time zone involved). */
export const periodDays = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

const periodShape = { from: localDate, to: localDate };
type Period = { from: string; to: string };

const periodRules = (v: Period, ctx: z.RefinementCtx) => {
  if (v.from > v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: fieldMessage('period.reversed') });
  else if (periodDays(v.from, v.to) > REPORT_MAX_DAYS)
    ctx.addIssue({ code: 'custom', path: ['to'], message: fieldMessage('period.too_long', { days: REPORT_MAX_DAYS }) });
};

/** A period of Minsk calendar days, both ends included. */
export const reportPeriodInput = z.strictObject(periodShape).superRefine(periodRules);

export const reportSummarySchema = z.object({
  from: z.string(),
  to: z.string(),
  total: z.number().int().nonnegative(),
  /** Every day of the period in order, zero where nothing was taken. */
  byDay: z.array(z.object({ date: z.string(), count: z.number().int().nonnegative() })),
  /** Every procedure, in the contract's order. */
  byProcedure: z.array(z.object({ procedure: z.enum(procedures), count: z.number().int().nonnegative() })),
  /** Clerks who took at least one application, most first. */
  byClerk: z.array(z.object({ clerkId: z.string(), clerkName: z.string(), count: z.number().int().nonnegative() })),
  /** Every outcome, in the order of `outcomes`. */
  byOutcome: z.array(z.object({ outcome: z.enum(outcomes), count: z.number().int().nonnegative() })),
});
export type ReportSummary = z.infer<typeof reportSummarySchema>;

export const endOfDayInput = z.strictObject({ date: localDate.optional() });

/** Why an application still waits at the end of the day. */
export const waitReasons = ['draft', 'awaiting_signature', 'not_sent', 'awaiting_decision'] as const;
export type WaitReason = (typeof waitReasons)[number];

export const waitingItemSchema = z.object({
  journalNo: z.string(),
  procedure: z.enum(procedures),
  /** The state it was in at the end of that day. */
  state: z.enum(applicationStates),
  clerkName: z.string(),
  createdAt: z.string(),
  /** Signed before the end of that day (else null). */
  signedAt: z.string().nullable(),
  /** When it went to the registry (before the day's end: awaiting the decision; after it: sent later). */
  sentAt: z.string().nullable(),
  reasonCode: z.enum(waitReasons),
  /** Sending attempts so far and the last error (Russian), for one not sent yet. */
  attempts: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  /** Russian: why it waits (offline with attempts and the last error, awaiting the registry, unsigned). */
  reason: z.string(),
});
export type WaitingItem = z.infer<typeof waitingItemSchema>;

/** Lines of the waiting list one sheet holds; the sheet says how many more there are. */
export const END_OF_DAY_MAX_WAITING = 500;

export const endOfDaySchema = z.object({
  date: z.string(),
  officeName: z.string(),
  /** The sheet covers this desk only: its office code and workstation number are printed on it. */
  officeCode: z.string(),
  workstationId: z.string(),
  generatedAt: z.string(),
  generatedBy: z.string(),
  /** Taken (created) that day. */
  taken: z.number().int().nonnegative(),
  /** Signed that day; sent to the registry that day; decided by the registry that day. */
  signed: z.number().int().nonnegative(),
  sent: z.number().int().nonnegative(),
  decided: z.object({ approved: z.number().int().nonnegative(), refused: z.number().int().nonnegative() }),
  rejected: z.number().int().nonnegative(),
  cancelled: z.number().int().nonnegative(),
  /** Taken that day or before and still open at its end, oldest first. */
  waiting: z.array(waitingItemSchema),
  waitingTotal: z.number().int().nonnegative(),
});
export type EndOfDay = z.infer<typeof endOfDaySchema>;

export const csvKinds = ['applications', 'summary'] as const;
export type CsvKind = (typeof csvKinds)[number];

/** `applications`: one line per application of the period; `summary`: the report's tables. */
export const reportCsvInput = z
  .strictObject({ ...periodShape, kind: z.enum(csvKinds, fieldMessage('csv.kind')).default('applications') })
  .superRefine(periodRules);

/** One export holds at most this many applications; a longer list is exported by a shorter period. */
export const REPORT_CSV_MAX_ROWS = 100_000;

export const reportCsvSchema = z.object({
  csv: z.string(),
  /** Data lines in the file (headers and blank separators not counted). */
  rows: z.number().int().nonnegative(),
  truncated: z.boolean(),
});
export type ReportCsv = z.infer<typeof reportCsvSchema>;

/**
 * «Вся служба»: what the registry received from every desk of the office in the period (its
 * office summary, central-api.yaml 1.1). Counts, desks' numbers and clerks' logins and names only.
 */
const count = z.number().int().nonnegative();
const keyedCounts = z.array(z.object({ key: z.string(), count }));

/** The registry's outcomes: decided either way, or received and not decided yet. */
export const officeOutcomes = ['approved', 'refused', 'pending'] as const;
export type OfficeOutcome = (typeof officeOutcomes)[number];

export const officeSummarySchema = z.object({
  officeCode: z.string(),
  from: z.string(),
  to: z.string(),
  total: count,
  /** Every day of the period in order. */
  byDay: z.array(z.object({ date: z.string(), count })),
  /** Procedure codes of the contract (a code added later is shown by its code). */
  byProcedure: keyedCounts,
  /** Workstation numbers as the desks send them. */
  byWorkstation: keyedCounts,
  byClerk: z.array(z.object({ clerkLogin: z.string(), clerkName: z.string().optional(), count })),
  byOutcome: keyedCounts,
});
export type OfficeSummaryView = z.infer<typeof officeSummarySchema>;

/**
 * Why «Вся служба» cannot be shown now (the screen says it in words, ru and be):
 *  - not_configured: the registry's address or this desk's token is not set;
 *  - offline: the registry does not answer;
 *  - forbidden: the registry refused this desk's token or its office;
 *  - error: the registry answered with an error or something unreadable.
 */
export const officeUnavailableReasons = ['not_configured', 'offline', 'forbidden', 'error'] as const;
export type OfficeUnavailableReason = (typeof officeUnavailableReasons)[number];

/** An unavailable office summary is a value, not an error: the desk's own figures still show. */
export const officeSummaryResultSchema = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(true),
    /** This desk's workstation number, so the screen can mark its own row. */
    workstationId: z.string(),
    summary: officeSummarySchema,
  }),
  z.object({
    available: z.literal(false),
    reason: z.enum(officeUnavailableReasons),
    /** The registry's HTTP status, when it answered. */
    status: z.number().int().nullable(),
  }),
]);
export type OfficeSummaryResult = z.infer<typeof officeSummaryResultSchema>;
