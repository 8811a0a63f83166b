/**
 * Application ids: UUID version 7 (RFC 9562 5.7). The first 48 bits are the Unix time in
 * milliseconds, the rest random, so ids made one after another sort one after another: every
 * index keyed by the id (the applications' and the outbox's keys, the audit rows' subject) grows
 * at its end instead of at a random page of an index of a million rows, which is what creating and
 * sending paid for in page reads and WAL writes (issue 18). Within one millisecond, or when the
 * clock steps back, the 12-bit `rand_a` field counts up (RFC 9562 6.2, method 1), so the order holds.
 * The id is still an opaque idempotency key to the registry (central-api.yaml: format uuid).
 */
import { randomBytes } from 'node:crypto';

const COUNTER_MAX = 0xfff;

export function createUuid7(now: () => number = Date.now, random: (size: number) => Buffer = randomBytes): () => string {
  let lastMs = -1;
  let counter = 0;
  return () => {
    let ms = now();
    if (ms > lastMs) {
      // A fresh millisecond starts the counter low and random: room to count, nothing to guess.
      counter = (random(2).readUInt16BE(0) & 0x3ff) >>> 0;
    } else {
      ms = lastMs;
      counter += 1;
      if (counter > COUNTER_MAX) {
        ms += 1;
        counter = 0;
      }
    }
    lastMs = ms;
    const bytes = Buffer.alloc(16);
    bytes.writeUIntBE(ms, 0, 6);
    bytes.writeUInt16BE(0x7000 | counter, 6);
    random(8).copy(bytes, 8);
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

/** The process's generator: one counter for every id it makes. */
export const uuid7 = createUuid7();
