/** UUID version 7 for application ids (main/services/uuid7.ts): form, time, and order. */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { createUuid7 } from '../../main/services/uuid7';

const msOf = (id: string): number => parseInt(id.replace(/-/g, '').slice(0, 12), 16);
const counterOf = (id: string): number => parseInt(id.replace(/-/g, '').slice(13, 16), 16);

describe('uuid7', () => {
  it('is a UUID the contract accepts: version 7, RFC variant, the time in its first 48 bits', () => {
    const at = Date.parse('2026-12-05T10:00:00.123Z');
    const id = createUuid7(() => at)();
    expect(z.uuid().safeParse(id).success).toBe(true);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(msOf(id)).toBe(at);
  });

  it.each([
    ['the same millisecond', () => 1_764_000_000_000],
    [
      'a clock that steps back',
      (() => {
        let t = 1_764_000_000_500;
        return () => (t -= 7);
      })(),
    ],
  ])('ids made one after another sort one after another: %s', (_case, now) => {
    const next = createUuid7(now);
    const ids = Array.from({ length: 10_000 }, () => next());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('a full counter moves on to the next millisecond', () => {
    // The random start of a millisecond is at most 0x3ff; with all bits set it is exactly that.
    const next = createUuid7(
      () => 1000,
      (n) => Buffer.alloc(n, 0xff),
    );
    const first = next();
    expect(counterOf(first)).toBe(0x3ff);
    const ids = Array.from({ length: 0xfff - 0x3ff + 1 }, () => next());
    expect(msOf(ids.at(-2) ?? '')).toBe(1000);
    expect(counterOf(ids.at(-2) ?? '')).toBe(0xfff);
    expect(msOf(ids.at(-1) ?? '')).toBe(1001);
    expect(counterOf(ids.at(-1) ?? '')).toBe(0);
  });

  it('a new millisecond starts the counter anew, and the random part differs', () => {
    let t = 5000;
    const next = createUuid7(() => t, randomBytes);
    const a = next();
    t += 1;
    const b = next();
    expect(msOf(b)).toBe(5001);
    expect(counterOf(b)).toBeLessThanOrEqual(0x3ff);
    expect(a.slice(19)).not.toBe(b.slice(19));
  });
});
