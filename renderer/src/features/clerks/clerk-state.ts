/** How an account's state reads in the table: active, disabled, or locked until a time. */
import { formatTime } from '../../format/dates';
import type { Clerk } from '../../../../preload/contract';

export type ClerkState = { kind: 'active' } | { kind: 'disabled' } | { kind: 'locked'; until: Date };

export function clerkState(clerk: Clerk, now: Date): ClerkState {
  if (clerk.disabled) return { kind: 'disabled' };
  if (clerk.lockedUntil) {
    const until = new Date(clerk.lockedUntil);
    if (until.getTime() > now.getTime()) return { kind: 'locked', until };
  }
  return { kind: 'active' };
}

/** HH:MM in Minsk time, the same in every language. */
export const hhmm = (date: Date): string => formatTime(date, false);
