/**
 * The supervisor's view of the audit log: the filtered list, the chain check and the CSV export.
 * Exporting is itself audited (with the filter and the row count), like every other read of it.
 */
import { ok, type AuditEntry, type ParsedInput, type Result } from '../../preload/contract';
import { listAudit, verifyAuditChain, type AuditFilter } from '../../db';
import { minskDayStart, nextDate } from '../domain/minsk-time';
import type { SessionRecord } from '../sessions';
import { checkAnchors } from '../sync/anchors';
import { audit, type Deps } from './deps';

/** One export holds at most this many rows (about 30 MB of CSV); a longer log is exported by period. */
export const EXPORT_MAX_ROWS = 100_000;
const PAGE = 500;
const COLUMNS = ['seq', 'at', 'actor_login', 'actor_id', 'action', 'subject', 'details', 'hash'] as const;

/** RFC 4180 field; a leading = + - @ is prefixed with ' so a spreadsheet never runs it as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function auditCsvRow(entry: AuditEntry): string {
  const cells = [
    String(entry.seq),
    entry.at,
    entry.actorLogin ?? '',
    entry.actorId ?? '',
    entry.action,
    entry.subject ?? '',
    JSON.stringify(entry.details),
    entry.hash,
  ];
  return cells.map(csvField).join(',');
}

/** The screen's dates are Minsk days; the log stores UTC instants. */
export function auditFilter(input: { actorId?: string; action?: string; from?: string; to?: string }): AuditFilterWithoutPage {
  const { from, to, ...rest } = input;
  return {
    ...rest,
    ...(from !== undefined && { fromAt: minskDayStart(from) }),
    ...(to !== undefined && { toAt: minskDayStart(nextDate(to)) }),
  };
}

type AuditFilterWithoutPage = Omit<AuditFilter, 'limit' | 'beforeSeq'>;

export async function list(deps: Deps, input: ParsedInput<'audit.list'>) {
  const { beforeSeq, limit, ...filter } = input;
  return ok(await listAudit(deps.db, { ...auditFilter(filter), beforeSeq, limit }));
}

export async function verify(deps: Deps, session: SessionRecord) {
  const chain = await verifyAuditChain(deps.db);
  // Before the verification's own row is appended: that row is newer than any anchor anyway.
  const anchors = await checkAnchors(deps, deps.sync.client());
  const result = { ...chain, anchors };
  await audit(
    deps.db,
    deps,
    session,
    'audit.verified',
    null,
    chain.ok ? { ok: true, rows: chain.rows, anchors } : { ok: false, brokenSeq: chain.brokenSeq, reason: chain.reason, anchors },
  );
  return ok(result);
}

/** Newest first, as on the screen. CRLF line ends and a BOM: Excel on Windows opens it as UTF-8. */
export async function exportCsv(
  deps: Deps,
  session: SessionRecord,
  filter: ParsedInput<'audit.export'>,
): Promise<Result<{ csv: string; rows: number; truncated: boolean }>> {
  const lines = [COLUMNS.join(',')];
  let rows = 0;
  let beforeSeq: number | undefined;
  let truncated = false;
  for (;;) {
    const page = await listAudit(deps.db, { ...auditFilter(filter), beforeSeq, limit: PAGE });
    for (const entry of page.entries) {
      if (rows === EXPORT_MAX_ROWS) {
        truncated = true;
        break;
      }
      lines.push(auditCsvRow(entry));
      rows++;
    }
    if (truncated || page.nextBeforeSeq === null) break;
    beforeSeq = page.nextBeforeSeq;
  }
  await audit(deps.db, deps, session, 'audit.exported', null, { ...filter, rows, truncated });
  return ok({ csv: `\uFEFF${lines.join('\r\n')}\r\n`, rows, truncated });
}
