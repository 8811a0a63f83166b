/** The sections of the main layout, in navigation order, each gated by its main channel. */
import { mayCall, type ChannelName, type Role } from '../../../../preload/contract';
import type { SectionId } from '../../stores/ui';

export type Section = { id: SectionId; channel: ChannelName | null };

export const sections: readonly Section[] = [
  { id: 'home', channel: null },
  { id: 'clerks', channel: 'clerks.list' },
  { id: 'settings', channel: 'settings.get' },
  { id: 'audit', channel: 'audit.verify' },
];

/** The sections this role may open (at most nine get an Alt+digit shortcut). */
export function sectionsFor(role: Role): Section[] {
  return sections.filter((s) => s.channel === null || mayCall(s.channel, role));
}
