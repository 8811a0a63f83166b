/**
 * GET /v1/offices/{officeCode}/summary on the reference registry (central-api.yaml 1.1): what the
 * registry received from all workstations of one office in a period of Minsk days — counts per
 * day, procedure, workstation, clerk and outcome, never a citizen's data.
 *
 * A submission belongs to the Minsk day it was signed on (`signedAt`): one taken offline on Monday
 * and received on Tuesday is Monday's work, as on the desk's own report. Its outcome is the
 * registry's decision, or `pending` while there is none.
 */
import { OfficeSummaryQuery, toFieldProblems, type Decision, type OfficeSummary, type Submission } from '../../main/central/schemas';
import { procedures } from '../../preload/contract/applications';
import { invalid, json, problem, type Handler } from './http';
import type { RegistryStore } from './state';

/** The longest period, in days (a leap year), as the contract says. */
export const SUMMARY_MAX_DAYS = 366;
const OFFSET_MS = 3 * 3_600_000;
const DAY_MS = 86_400_000;

const minskDay = (iso: string): string => new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 10);
const nextDay = (date: string): string => new Date(Date.parse(`${date}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;

const tally = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
const mostFirst = (a: { key: string; count: number }, b: { key: string; count: number }) =>
  b.count - a.count || a.key.localeCompare(b.key, 'en', { numeric: true });

/** The summary of `submissions` (with their decisions) for one office and period; the period is valid. */
export function summarize(
  submissions: Iterable<Submission>,
  decisionOf: (id: string) => Pick<Decision, 'outcome'> | undefined,
  officeCode: string,
  from: string,
  to: string,
): OfficeSummary {
  const perDay = new Map<string, number>();
  const perProcedure = new Map<string, number>();
  const perWorkstation = new Map<string, number>();
  const perOutcome = new Map<string, number>();
  const perClerk = new Map<string, { count: number; name?: string; nameAt: number }>();
  let total = 0;
  for (const s of submissions) {
    if (s.officeCode !== officeCode) continue;
    const day = minskDay(s.signedAt);
    if (day < from || day > to) continue;
    total++;
    tally(perDay, day);
    tally(perProcedure, s.procedure);
    tally(perWorkstation, s.workstationId);
    tally(perOutcome, decisionOf(s.id)?.outcome ?? 'pending');
    // A submission from before 1.1 has no login: its clerk is known by id only.
    const login = s.clerkLogin ?? s.clerkId;
    const clerk = perClerk.get(login) ?? { count: 0, nameAt: -Infinity };
    clerk.count++;
    // The name as last signed under: a clerk renamed in the period is shown by the newer name.
    // Instants, not strings: a signedAt may carry any offset.
    const at = Date.parse(s.signedAt);
    if (s.clerkName !== undefined && at >= clerk.nameAt) {
      clerk.name = s.clerkName;
      clerk.nameAt = at;
    }
    perClerk.set(login, clerk);
  }
  const byDay: OfficeSummary['byDay'] = [];
  for (let d = from; d <= to; d = nextDay(d)) byDay.push({ date: d, count: perDay.get(d) ?? 0 });
  return {
    officeCode,
    from,
    to,
    total,
    byDay,
    byProcedure: procedures.map((key) => ({ key, count: perProcedure.get(key) ?? 0 })),
    byWorkstation: [...perWorkstation]
      .map(([key, count]) => ({ key, count }))
      .sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true })),
    byClerk: [...perClerk]
      .map(([key, c]) => ({ key, count: c.count, name: c.name }))
      .sort(mostFirst)
      .map((c) => ({ clerkLogin: c.key, ...(c.name !== undefined && { clerkName: c.name }), count: c.count })),
    byOutcome: (['approved', 'refused', 'pending'] as const).map((key) => ({ key, count: perOutcome.get(key) ?? 0 })),
  };
}

export const officeSummaryHandler =
  (store: RegistryStore): Handler =>
  ({ params, url, caller }) => {
    const office = caller?.officeCode ?? null;
    let officeCode: string;
    try {
      officeCode = decodeURIComponent(params[0] ?? '');
    } catch {
      officeCode = params[0] ?? '';
    }
    if (office !== null && office !== officeCode)
      return problem(403, 'forbidden', 'Forbidden', {
        detail: `This workstation's token is bound to office ${office}, not ${officeCode}.`,
      });
    const query = OfficeSummaryQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return invalid('The query does not match the contract.', toFieldProblems(query.error.issues));
    const { from, to } = query.data;
    if (from > to) return invalid('The period ends before it starts.', [{ path: '/to', code: 'too_small', message: 'to is before from' }]);
    if (daysBetween(from, to) > SUMMARY_MAX_DAYS)
      return invalid(`The period is longer than ${SUMMARY_MAX_DAYS} days.`, [
        { path: '/to', code: 'too_big', message: `At most ${SUMMARY_MAX_DAYS} days` },
      ]);
    const submissions = [...store.submissions.values()].map((s) => s.body);
    return json(200, summarize(submissions, (id) => store.decisionBySubmission.get(id), officeCode, from, to) satisfies OfficeSummary);
  };
