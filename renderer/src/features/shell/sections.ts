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

/** The sections this role may open (at most nine get an Alt+digit shortcut). */
export function sectionsFor(role: Role): Section[] {
  return sections.filter((s) => s.channel === null || mayCall(s.channel, role));
}
