/**
 * Pulling and applying the registry's decisions (DESIGN.md 5), for the sync worker
 * (main/sync/worker.ts). Decisions are pulled after the stored cursor; each one changes its
 * application, writes its audit row and notification and moves the cursor in ONE transaction, so a
 * crash replays at most the decision in flight, and replaying is harmless (a decided application
 * stays as is).
 */
import { randomUUID } from 'node:crypto';
import {
  appendAudits,
  decideMany,
  findApplications,
  insertNotifications,
  markSent,
  readMeta,
  transitionApplication,
  writeMeta,
  type AuditInput,
  type DecidedMove,
} from '../../db';
import type { CentralClient } from '../central/client';
import { Decision } from '../central/schemas';
import type { DecidedEvent, SyncContext } from './context';
import { decryptPersonal, sentAudit } from './submissions';

export const CURSOR_KEY = 'sync.decisions_cursor';
/** How many decisions were set aside (unreadable, or not for this application): shown to IT in the sync status. */
export const SET_ASIDE_KEY = 'sync.decisions_set_aside';

/** One item of a page: a decision to apply, or one set aside with why (no personal data). */
type Item = { ok: true; decision: Decision } | { ok: false; cursor: string | null; submissionId: string | null; problem: string };

const field = (raw: unknown, key: string): string | null => {
  if (typeof raw !== 'object' || raw === null) return null;
  const value: unknown = (raw as Record<string, unknown>)[key];
  return typeof value === 'string' && value.length <= 200 ? value : null;
};

function readItem(raw: unknown): Item {
  const parsed = Decision.safeParse(raw);
  if (parsed.success) return { ok: true, decision: parsed.data };
  const first = parsed.error.issues[0];
  const problem = first ? `${first.path.join('.') || '(item)'}: ${first.code}` : 'shape';
  return { ok: false, cursor: field(raw, 'cursor'), submissionId: field(raw, 'submissionId'), problem };
}

type SetAside = { subject: string | null; details: Record<string, unknown> };

/**
 * A page of decisions in one transaction: each application moved with its audit row and its
 * clerk's notification, and the cursor after the page. A crash before the commit replays the
 * page; replaying is harmless (an application already decided is left as it is). An item that
 * cannot be read, or whose UID is not the application's identification number, is set aside (an
 * audit row, the count in the sync status for IT) and the rest is applied: one bad item never
 * stops the decisions behind it.
 */
async function applyDecisions(ctx: SyncContext, raw: readonly unknown[], next: string | null): Promise<void> {
  const { db, clock, log, cipher } = ctx.deps;
  if (raw.length === 0) return;
  const items = raw.map(readItem);
  const decisions = items.flatMap((i) => (i.ok ? [i.decision] : []));
  // The cursor past the page: the page's `next`, else the last item's own (read even from a malformed item).
  const lastItem = items.at(-1);
  const lastCursor = lastItem === undefined ? null : lastItem.ok ? lastItem.decision.cursor : lastItem.cursor;
  const cursor = next ?? lastCursor ?? decisions.at(-1)?.cursor ?? null;
  const at = clock.now().toISOString();
  const notes: DecidedEvent[] = [];
  const setAside: SetAside[] = [];
  await db.transaction(async (trx) => {
    notes.length = 0;
    setAside.length = 0;
    for (const i of items) {
      if (!i.ok)
        setAside.push({ subject: null, details: { why: 'malformed', problem: i.problem, cursor: i.cursor, submissionId: i.submissionId } });
    }
    const found = await findApplications(
      trx,
      decisions.map((d) => d.submissionId),
    );
    const rows = new Map(found.map((r) => [r.id, r]));
    const audits: AuditInput[] = [];
    // Planned first, then every application of the page moved in one statement (db decideMany).
    const planned: { row: (typeof found)[number]; d: Decision; move: DecidedMove }[] = [];
    const plannedIds = new Set<string>();
    for (const d of decisions) {
      const row = rows.get(d.submissionId);
      if (row === undefined) {
        log.warn('sync: decision for an unknown application', { submissionId: d.submissionId });
        continue;
      }
      if (row.state !== 'queued' && row.state !== 'sent') continue;
      // A second decision for the same application in one page: the first one counts, as it would one by one.
      if (plannedIds.has(row.id)) continue;
      plannedIds.add(row.id);
      const data = decryptPersonal(cipher, row);
      // The UID is the identification number (DOMAIN.md 1): another one means the decision is not this person's.
      if (d.uid !== undefined && data !== null && d.uid !== data.idNumber) {
        setAside.push({ subject: row.id, details: { why: 'uid_mismatch', journalNo: row.journalNo, cursor: d.cursor } });
        continue;
      }
      if (row.state === 'queued') {
        // The registry accepted it but its answer was lost: the decision proves it was sent.
        await markSent(trx, row.id, at);
        if (await transitionApplication(trx, row.id, { from: ['queued'], to: 'sent', at }))
          audits.push(sentAudit(row.id, row.journalNo, 'decided', at));
      }
      const outcome = d.outcome;
      // Every code is kept, known or not (central-api.yaml 1.1): the screen shows an unknown one by its code.
      const reasons = d.reasons ?? [];
      const move: DecidedMove = {
        id: row.id,
        to: outcome,
        ...(outcome === 'refused' && { refusalReasons: reasons }),
        ...(d.temporaryPasswordSent !== undefined && { temporaryPasswordSent: d.temporaryPasswordSent }),
        ...(outcome === 'approved' &&
          d.uid !== undefined &&
          data !== null && { personal: cipher.encrypt(JSON.stringify({ ...data, uid: d.uid }), row.id) }),
      };
      planned.push({ row, d, move });
    }
    const moved = await decideMany(
      trx,
      planned.map((p) => p.move),
      at,
    );
    for (const { row, d, move } of planned) {
      if (!moved.has(row.id)) continue;
      const outcome = move.to;
      audits.push({
        at,
        actorId: null,
        actorLogin: null,
        action: outcome === 'approved' ? 'application.approved' : 'application.refused',
        subject: row.id,
        details: {
          journalNo: row.journalNo,
          registryDecidedAt: d.decidedAt,
          ...(outcome === 'refused' && { reasons: move.refusalReasons ?? [] }),
        },
      });
      notes.push({ applicationId: row.id, clerkId: row.clerkId, outcome });
    }
    for (const a of setAside) {
      audits.push({ at, actorId: null, actorLogin: null, action: 'sync.decision_set_aside', subject: a.subject, details: a.details });
    }
    await appendAudits(trx, audits);
    if (setAside.length > 0) {
      const before = Number((await readMeta(trx, SET_ASIDE_KEY)) ?? '0');
      await writeMeta(trx, SET_ASIDE_KEY, String(before + setAside.length));
    }
    await insertNotifications(
      trx,
      notes.map((n) => ({ id: randomUUID(), clerkId: n.clerkId, applicationId: n.applicationId, outcome: n.outcome, createdAt: at })),
    );
    if (cursor !== null) await writeMeta(trx, CURSOR_KEY, cursor);
  });
  for (const a of setAside) log.warn('sync: a decision was set aside', a.details);
  if (setAside.length > 0) ctx.update({ decisionsSetAside: Number((await readMeta(db, SET_ASIDE_KEY)) ?? '0') });
  // Told only once committed.
  ctx.decided.push(...notes);
}

/** Decisions per request: the contract's maximum, so a day's backlog is a few pages (one transaction each). */
export const DECISIONS_PAGE = 500;

/**
 * Pulls and applies every decision after the cursor; false when the registry did not answer.
 * The next page is asked for while this one is applied: a read after a cursor the registry gave,
 * harmless if a crash comes before the page it follows is committed (the stored cursor decides
 * what is asked for next time).
 */
export async function pullDecisions(ctx: SyncContext, api: CentralClient): Promise<boolean> {
  let page = await api.decisions(await readMeta(ctx.deps.db, CURSOR_KEY), DECISIONS_PAGE);
  for (;;) {
    if (!page.ok) {
      if (page.failure.kind === 'network') ctx.update({ online: false });
      ctx.failed(page.failure);
      return false;
    }
    const { items, next } = page.value;
    const following = items.length > 0 && next !== null ? api.decisions(next, DECISIONS_PAGE) : null;
    try {
      await applyDecisions(ctx, items, next);
    } finally {
      // Never left unhandled, whatever happened to this page.
      if (following !== null) await following.catch(() => null);
    }
    ctx.flushDecided();
    if (following === null) return true;
    page = await following;
  }
}
