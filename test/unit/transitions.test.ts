/** The application state machine, every transition against every state. */
import { describe, expect, it } from 'vitest';
import { applicationStates, canTransition, transitions, type ApplicationState, type TransitionName } from '../../preload/contract';

const legal: Record<TransitionName, ApplicationState[]> = {
  print: ['draft'],
  sign: ['awaiting_signature'],
  cancel: ['draft', 'awaiting_signature'],
  send: ['queued'],
  approve: ['sent'],
  refuse: ['sent'],
  reject: ['queued', 'sent'],
};

const cases = (Object.keys(transitions) as TransitionName[]).flatMap((t) =>
  applicationStates.map((s) => [t, s, legal[t].includes(s)] as const),
);

describe('application state machine', () => {
  it.each(cases)('%s from %s: %s', (t, s, allowed) => expect(canTransition(t, s)).toBe(allowed));
  it('nothing leaves a final state', () => {
    for (const s of ['approved', 'refused', 'cancelled', 'rejected'] as const) {
      expect((Object.keys(transitions) as TransitionName[]).filter((t) => canTransition(t, s))).toEqual([]);
    }
  });
  it('cancelling is impossible once queued', () => {
    for (const s of ['queued', 'sent'] as const) expect(canTransition('cancel', s)).toBe(false);
  });
});
