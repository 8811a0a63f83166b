/** The sections of the main layout, in navigation order, each gated by its main channel. */
import { mayCall, type ChannelName, type Role } from '../../../../preload/contract';
import type { SectionId } from '../../stores/ui';

export type Section = { id: SectionId; channel: ChannelName | null };

export const sections: readonly Section[] = [
  { id: 'home', channel: null },
  { id: 'issue', channel: 'applications.create' },
  { id: 'block', channel: 'applications.create' },
  { id: 'unblock', channel: 'applications.create' },
  { id: 'change_phone', channel: 'applications.create' },
  { id: 'reset_password', channel: 'applications.create' },
  { id: 'journal', channel: 'journal.list' },
  { id: 'queue', channel: 'sync.queue' },
  { id: 'clerks', channel: 'clerks.list' },
  { id: 'settings', channel: 'settings.get' },
  { id: 'devices', channel: 'devices.testLabel' },
  { id: 'readiness', channel: 'readiness.run' },
  { id: 'audit', channel: 'audit.verify' },
  { id: 'privacy', channel: 'subjects.find' },
  { id: 'reports', channel: 'reports.summary' },
];

/** The sections this role may open, each with its shortcut (shortcutOf its index). */
export function sectionsFor(role: Role): Section[] {
  return sections.filter((s) => s.channel === null || mayCall(s.channel, role));
}

/** A section's key: the digit (event.code `Digit<n>`) with Alt, and Shift or not; `keys` as shown. */
export type Shortcut = { digit: number; shift: boolean; keys: string };

/** Section positions that have a shortcut: Alt+1…Alt+0, then Alt+Shift+1…Alt+Shift+0. */
export const SHORTCUT_COUNT = 20;

/**
 * Every section of every role has a key (issue 16): Alt+1…Alt+9, Alt+0 for the tenth, then
 * Shift adds ten (the eleventh is Alt+Shift+1). Digits only: they are the same keys in the
 * Russian, Belarusian and English layouts.
 */
export function shortcutOf(index: number): Shortcut | null {
  if (!Number.isInteger(index) || index < 0 || index >= SHORTCUT_COUNT) return null;
  const n = index + 1;
  const shift = n > 10;
  const digit = (shift ? n - 10 : n) % 10;
  return { digit, shift, keys: `Alt+${shift ? 'Shift+' : ''}${digit}` };
}

/** The index of the section a key opens, or null: `digit` from event.code, `shift` from the event. */
export function sectionIndexOf(digit: number, shift: boolean): number | null {
  if (!Number.isInteger(digit) || digit < 0 || digit > 9) return null;
  return (shift ? 10 : 0) + (digit === 0 ? 10 : digit) - 1;
}

/** The keys of `count` sections as the navigation's hint says them: 'Alt+1…Alt+0, Alt+Shift+1…Alt+Shift+3'. */
export function shortcutRange(count: number): string {
  const last = shortcutOf(Math.min(count, SHORTCUT_COUNT) - 1);
  if (last === null) return '';
  if (count === 1) return last.keys;
  if (!last.shift) return `Alt+1…${last.keys}`;
  return last.digit === 1 ? `Alt+1…Alt+0, ${last.keys}` : `Alt+1…Alt+0, Alt+Shift+1…${last.keys}`;
}
