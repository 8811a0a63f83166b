/** How an account's state reads in the table: active, disabled, or locked until a time. */
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

/** HH:MM in local time, the same in every language. */
export function hhmm(date: Date): string {
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}
