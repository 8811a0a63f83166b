/**
 * Retry timing for the sync worker (DESIGN.md 5): exponential backoff with full jitter, and the
 * registry's Retry-After honoured as a floor. Pure: the caller passes the random source and now.
 */

export type BackoffPolicy = {
  /** Delay cap for the first retry; doubles each attempt. */
  baseMs: number;
  /** No delay exceeds this (before Retry-After, which may ask for more). */
  capMs: number;
};

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 5 * 60_000 };

/**
 * "Full jitter": a uniform delay in [0, min(cap, base·2^(attempt-1))]. `attempt` counts failures so
 * far (1 after the first). Spreading retries over the whole window keeps workstations of many
 * offices from hammering the registry in step when it comes back.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const n = Math.max(1, Math.floor(attempt));
  // 2^n overflows to Infinity long after the cap is reached; min keeps it finite.
  const window = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(n - 1, 52));
  return Math.floor(random() * (window + 1));
}

/**
 * Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 10.2.3); null when absent
 * or unreadable. A date in the past is 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

/** The wait before the next try: the jittered backoff, but never shorter than Retry-After. */
export function nextDelay(attempt: number, retryAfterMs: number | null, policy: BackoffPolicy, random: () => number): number {
  const jittered = backoffDelay(attempt, policy, random);
  return retryAfterMs === null ? jittered : Math.max(jittered, retryAfterMs);
}
