/** Notifications to a clerk about decisions on the applications they took (migration 0004). */
import type { Db } from '../types';

export type NotificationOutcome = 'approved' | 'refused' | 'rejected';

export interface NotificationRow {
  id: string;
  clerkId: string;
  applicationId: string;
  outcome: NotificationOutcome;
  createdAt: string;
  readAt: string | null;
  /** From the application row, for the list. */
  journalNo: string;
  procedure: string;
  refusalReasons: string[] | null;
  rejectionProblems: unknown[] | null;
}

interface DbRow {
  id: string;
  clerk_id: string;
  application_id: string;
  outcome: string;
  created_at: string;
  read_at: string | null;
  journal_no: string;
  procedure: string;
  refusal_reasons: string | null;
  rejection_problems: string | null;
}

const isOutcome = (v: string): v is NotificationOutcome => v === 'approved' || v === 'refused' || v === 'rejected';

export async function insertNotification(db: Db, row: Pick<NotificationRow, 'id' | 'clerkId' | 'applicationId' | 'outcome' | 'createdAt'>) {
  await db('notifications').insert({
    id: row.id,
    clerk_id: row.clerkId,
    application_id: row.applicationId,
    outcome: row.outcome,
    created_at: row.createdAt,
  });
}

/** Many at once (a page of decisions): multi-row INSERTs of ≤ 100 rows (5 columns, far under the bound-variable limit). */
export async function insertNotifications(
  db: Db,
  rows: readonly Pick<NotificationRow, 'id' | 'clerkId' | 'applicationId' | 'outcome' | 'createdAt'>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    await db('notifications').insert(
      rows.slice(i, i + 100).map((row) => ({
        id: row.id,
        clerk_id: row.clerkId,
        application_id: row.applicationId,
        outcome: row.outcome,
        created_at: row.createdAt,
      })),
    );
  }
}

/** The clerk's notifications, newest first: every unread one, plus the latest read ones up to `limit`. */
export async function listNotifications(db: Db, clerkId: string, limit: number): Promise<NotificationRow[]> {
  const rows: DbRow[] = await db('notifications as n')
    .join('applications as a', 'a.id', 'n.application_id')
    .where('n.clerk_id', clerkId)
    .orderByRaw('n.read_at IS NOT NULL, n.created_at DESC, n.rowid DESC')
    .limit(limit)
    .select('n.*', 'a.journal_no', 'a.procedure', 'a.refusal_reasons', 'a.rejection_problems');
  return rows.map((r) => {
    if (!isOutcome(r.outcome)) throw new Error(`notification ${r.id}: unexpected outcome`);
    return {
      id: r.id,
      clerkId: r.clerk_id,
      applicationId: r.application_id,
      outcome: r.outcome,
      createdAt: r.created_at,
      readAt: r.read_at,
      journalNo: r.journal_no,
      procedure: r.procedure,
      refusalReasons: r.refusal_reasons === null ? null : (JSON.parse(r.refusal_reasons) as string[]),
      rejectionProblems: r.rejection_problems === null ? null : (JSON.parse(r.rejection_problems) as unknown[]),
    };
  });
}

export async function countUnread(db: Db, clerkId: string): Promise<number> {
  const row = (await db('notifications').where({ clerk_id: clerkId }).whereNull('read_at').count({ n: '*' }).first()) as
    { n: number } | undefined;
  return Number(row?.n ?? 0);
}

/** Only the clerk's own notifications are touched. */
export async function markNotificationsRead(db: Db, clerkId: string, ids: readonly string[], at: string): Promise<void> {
  await db('notifications')
    .where({ clerk_id: clerkId })
    .whereIn('id', [...ids])
    .whereNull('read_at')
    .update({ read_at: at });
}
