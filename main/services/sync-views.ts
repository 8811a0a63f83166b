/**
 * What the clerk sees of sync: the queue «Очередь отправки» and the notifications about the
 * registry's decisions on the applications they took.
 */
import {
  fieldMessage,
  ok,
  refusalReasonMessages,
  refusalReasons,
  type Notification,
  type ParsedInput,
  type Procedure,
  type QueueItem,
  type RefusalReason,
  type Result,
} from '../../preload/contract';
import { clerkNames, countUnread, listNotifications, listUndecided, markNotificationsRead } from '../../db';
import type { SessionRecord } from '../sessions';
import type { Deps } from './deps';

type Actor = Pick<SessionRecord, 'clerkId' | 'login'>;

export async function queue(deps: Deps): Promise<Result<{ items: QueueItem[] }>> {
  const names = await clerkNames(deps.db);
  const rows = await listUndecided(deps.db, 1000);
  return ok({
    items: rows.map((r) => ({
      applicationId: r.applicationId,
      journalNo: r.journalNo,
      procedure: r.procedure as Procedure,
      state: r.state as QueueItem['state'],
      clerkName: names.get(r.clerkId) ?? '—',
      signedAt: r.signedAt,
      attempts: r.attempts,
      lastError: r.lastError,
      lastAttemptAt: r.lastAttemptAt,
      nextAttemptAt: r.nextAttemptAt,
    })),
  });
}

const isReason = (v: string): v is RefusalReason => (refusalReasons as readonly string[]).includes(v);

export async function notifications(deps: Deps, actor: Actor): Promise<Result<{ items: Notification[]; unread: number }>> {
  const rows = await listNotifications(deps.db, actor.clerkId, 50);
  const items = rows.map((n) => {
    const reasons =
      n.outcome === 'refused'
        ? // A code this build does not know (central-api.yaml 1.1: reasons are open) is shown as the code itself.
          (n.refusalReasons ?? []).map((r) => (isReason(r) ? refusalReasonMessages[r] : `Отказано реестром: код ${r}`))
        : n.outcome === 'rejected'
          ? [fieldMessage('decision.rejected')]
          : [];
    return {
      id: n.id,
      applicationId: n.applicationId,
      journalNo: n.journalNo,
      procedure: n.procedure as Procedure,
      outcome: n.outcome,
      reasons,
      ...(n.outcome === 'refused' && { reasonCodes: n.refusalReasons ?? [] }),
      createdAt: n.createdAt,
      readAt: n.readAt,
    };
  });
  return ok({ items, unread: await countUnread(deps.db, actor.clerkId) });
}

export async function markRead(deps: Deps, actor: Actor, input: ParsedInput<'notifications.markRead'>) {
  await markNotificationsRead(deps.db, actor.clerkId, input.ids, deps.clock.now().toISOString());
  return notifications(deps, actor);
}
