/** Time is a dependency so that lockouts, idle locks and retention can be tested without waiting. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
