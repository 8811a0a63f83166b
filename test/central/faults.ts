/**
 * Fault injection for the reference central server, and the seeded PRNG behind it and the SMS
 * codes (a seed makes a flaky-network run repeatable).
 *
 * Spec string (CLI `--faults`): comma-separated `key=value`:
 *   rate=0.3                      probability that one fault is applied to a request (0..1)
 *   kinds=500+503+429+drop-before+drop-after+garbage   which faults to choose from (uniformly); default all
 *   latency=0-30 | latency=25     uniform delay in ms before handling (any request but /_test/)
 *   health=true                   /v1/health may also get faults (by default only latency)
 *   invent-reasons=0.5            probability that a decision is a refusal with a reason code the
 *                                 registry invents (NEW_REASON_xxxx; 1.1: clients keep and show unknown codes)
 * `none` or an empty string: no faults.
 */

export const faultKinds = ['500', '503', '429', 'drop-before', 'drop-after', 'garbage'] as const;
export type FaultKind = (typeof faultKinds)[number];

export type FaultSpec = {
  /** 0..1 */
  rate: number;
  /** Chosen uniformly; defaults to every kind. */
  kinds?: readonly FaultKind[];
  /** Uniform delay before handling, inclusive range in ms. */
  latencyMs?: { min: number; max: number };
  /** Also fault /v1/health (otherwise it only takes latency: the workstation's online check stays honest). */
  healthFaults?: boolean;
  /** 0..1: a decision becomes a refusal with an invented reason code (not a transport fault: independent of `rate`). */
  inventReasons?: number;
};

export const noFaults: FaultSpec = { rate: 0 };

export type FaultSpecParse = { ok: true; spec: FaultSpec } | { ok: false; error: string };

const isFaultKind = (value: string): value is FaultKind => (faultKinds as readonly string[]).includes(value);

export function parseFaultSpec(text: string): FaultSpecParse {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === 'none') return { ok: true, spec: noFaults };
  let rate: number | undefined;
  let kinds: FaultKind[] | undefined;
  let latencyMs: { min: number; max: number } | undefined;
  let healthFaults = false;
  let inventReasons: number | undefined;
  for (const part of trimmed.split(',')) {
    const [key, value, ...rest] = part.split('=').map((s) => s.trim());
    if (key === undefined || value === undefined || rest.length > 0 || value === '') {
      return { ok: false, error: `faults: "${part}" is not key=value` };
    }
    switch (key) {
      case 'rate': {
        const n = Number(value);
        if (!/^\d*\.?\d+$/.test(value) || !(n >= 0 && n <= 1))
          return { ok: false, error: `faults: rate must be a number from 0 to 1, got "${value}"` };
        rate = n;
        break;
      }
      case 'kinds': {
        const list = value.split('+').map((s) => s.trim());
        const unknown = list.filter((k) => !isFaultKind(k));
        if (unknown.length > 0) {
          return { ok: false, error: `faults: unknown kind(s) ${unknown.join(', ')}; known: ${faultKinds.join(', ')}` };
        }
        kinds = list.filter(isFaultKind);
        break;
      }
      case 'latency': {
        const m = /^(\d+)(?:-(\d+))?$/.exec(value);
        const min = Number(m?.[1]);
        const max = m?.[2] === undefined ? min : Number(m[2]);
        if (m === null || max < min) return { ok: false, error: `faults: latency must be MS or MIN-MAX in ms, got "${value}"` };
        latencyMs = { min, max };
        break;
      }
      case 'health':
      case 'healthFaults':
        if (value !== 'true' && value !== 'false') return { ok: false, error: `faults: health must be true or false, got "${value}"` };
        healthFaults = value === 'true';
        break;
      case 'invent-reasons': {
        const n = Number(value);
        if (!/^\d*\.?\d+$/.test(value) || !(n >= 0 && n <= 1))
          return { ok: false, error: `faults: invent-reasons must be a number from 0 to 1, got "${value}"` };
        inventReasons = n;
        break;
      }
      default:
        return { ok: false, error: `faults: unknown key "${key}"; known: rate, kinds, latency, health, invent-reasons` };
    }
  }
  if (rate === undefined && kinds !== undefined) return { ok: false, error: 'faults: kinds given without rate' };
  const spec: FaultSpec = { rate: rate ?? 0 };
  if (kinds !== undefined) spec.kinds = kinds;
  if (latencyMs !== undefined) spec.latencyMs = latencyMs;
  if (healthFaults) spec.healthFaults = true;
  if (inventReasons !== undefined) spec.inventReasons = inventReasons;
  return { ok: true, spec };
}

/** Checks a programmatic spec (the CLI path goes through parseFaultSpec); throws: a wrong spec is a test bug. */
export function assertFaultSpec(spec: FaultSpec): FaultSpec {
  if (!(spec.rate >= 0 && spec.rate <= 1)) throw new RangeError(`fault rate must be within 0..1, got ${spec.rate}`);
  const kinds = spec.kinds ?? faultKinds;
  if (spec.rate > 0 && kinds.length === 0) throw new RangeError('fault kinds must not be empty when rate > 0');
  for (const k of kinds) if (!isFaultKind(k)) throw new RangeError(`unknown fault kind ${String(k)}`);
  if (spec.inventReasons !== undefined && !(spec.inventReasons >= 0 && spec.inventReasons <= 1))
    throw new RangeError(`invent-reasons must be within 0..1, got ${spec.inventReasons}`);
  const l = spec.latencyMs;
  if (l !== undefined && !(l.min >= 0 && l.max >= l.min))
    throw new RangeError(`fault latency must be 0 <= min <= max, got ${l.min}-${l.max}`);
  return spec;
}

/** mulberry32: tiny, fast, good enough for test randomness, and the same sequence for the same seed. */
export type Prng = { next(): number; int(minInclusive: number, maxInclusive: number): number; bytes(n: number): Uint8Array };

export function createPrng(seed: number): Prng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    bytes: (n) => Uint8Array.from({ length: n }, () => Math.floor(next() * 256)),
  };
}

/** A version-4 UUID from the PRNG, so that confirmation ids repeat with the seed too. */
export function prngUuid(prng: Prng): string {
  const b = prng.bytes(16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type FaultPlan = { kind: FaultKind | null; delayMs: number };

/** One draw per request: latency first, then whether and which fault. */
export function planFault(spec: FaultSpec, prng: Prng, isHealth: boolean): FaultPlan {
  const l = spec.latencyMs;
  const delayMs = l === undefined ? 0 : prng.int(l.min, l.max);
  if (spec.rate <= 0 || (isHealth && spec.healthFaults !== true)) return { kind: null, delayMs };
  if (prng.next() >= spec.rate) return { kind: null, delayMs };
  const kinds = spec.kinds ?? faultKinds;
  return { kind: kinds[prng.int(0, kinds.length - 1)] ?? null, delayMs };
}
