/**
 * What else belongs to the session and goes with it (the procedure forms' drafts). Stores register
 * themselves here, so the first screen does not carry the forms' code just to clear them (issue 18);
 * a store whose module never loaded holds nothing to forget.
 */
const listeners = new Set<() => void>();

export function whenSessionEnds(forget: () => void): void {
  listeners.add(forget);
}

/** The session ended (logout, expiry, another clerk): every registered store forgets its part. */
export function forgetSessionWork(): void {
  for (const forget of listeners) forget();
}
