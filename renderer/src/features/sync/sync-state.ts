/** How the registry link reads and looks: one word in the interface language, and a tone. */
import type { SyncStatus } from '../../../../preload/contract';
import type { Tone } from '../devices/device-state';

export type LinkState = 'online' | 'offline' | 'notConfigured' | 'checking';

export const linkStateOf = (status: SyncStatus): LinkState =>
  !status.configured ? 'notConfigured' : status.online === null ? 'checking' : status.online ? 'online' : 'offline';

export const linkTone = (state: LinkState): Tone =>
  (({ online: 'ok', offline: 'bad', notConfigured: 'off', checking: 'pending' }) as const)[state];

/** Applications the registry has not finished with: not yet accepted, or accepted and undecided. */
export const waitingCount = (status: SyncStatus): number => status.pending + status.awaitingDecision;

/** Joins phrases into sentences, without doubling the full stop a message already ends with. */
export function sentences(parts: readonly string[]): string {
  return parts
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => (/[.!?…]$/.test(part) ? part : `${part}.`))
    .join(' ');
}
