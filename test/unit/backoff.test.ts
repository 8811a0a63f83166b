/** Backoff with full jitter and Retry-After (main/sync/backoff.ts). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, nextDelay, parseRetryAfter, type BackoffPolicy } from '../../main/sync/backoff';

const policy: BackoffPolicy = { baseMs: 1000, capMs: 60_000 };
const NOW = new Date('2026-11-23T10:00:00Z');

describe('backoffDelay', () => {
  it.each([
    // attempt, random, expected
    [1, 0, 0],
    [1, 0.999999, 1000],
    [1, 0.5, 500],
    [2, 0.999999, 2000],
    [3, 0.999999, 4000],
    [6, 0.999999, 32_000],
    [7, 0.999999, 60_000], // 64 s capped at 60 s
    [50, 0.999999, 60_000],
    [5000, 0.999999, 60_000], // no overflow to Infinity/NaN
    [0, 0.999999, 1000], // attempt below 1 counts as the first
  ])('attempt %d, random %d → %d ms', (attempt, random, expected) => {
    expect(backoffDelay(attempt, policy, () => random)).toBe(expected);
  });

  it('always lies in [0, min(cap, base·2^(n-1))]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 0.9999999, noNaN: true }), (attempt, r) => {
        const d = backoffDelay(attempt, policy, () => r);
        return Number.isInteger(d) && d >= 0 && d <= Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt - 1, 52));
      }),
    );
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['delta seconds', '120', 120_000],
    ['zero', '0', 0],
    ['spaces around', ' 3 ', 3000],
    ['an HTTP date 30 s ahead', 'Mon, 23 Nov 2026 10:00:30 GMT', 30_000],
    ['an HTTP date in the past', 'Mon, 23 Nov 2026 09:00:00 GMT', 0],
    ['absent', null, null],
    ['negative', '-5', null],
    ['fraction', '1.5', null],
    ['garbage', 'soon', null],
    ['empty', '', null],
  ] as const)('%s', (_name, header, expected) => {
    expect(parseRetryAfter(header, NOW)).toBe(expected);
  });
});

describe('nextDelay', () => {
  it.each([
    ['no Retry-After: the jittered delay', 3, null, 0.5, 2000],
    ['Retry-After longer than the jitter wins', 1, 5000, 0.5, 5000],
    ['jitter longer than Retry-After wins', 6, 1000, 0.999999, 32_000],
  ] as const)('%s', (_name, attempt, retryAfter, r, expected) => {
    expect(nextDelay(attempt, retryAfter, policy, () => r)).toBe(expected);
  });
});
