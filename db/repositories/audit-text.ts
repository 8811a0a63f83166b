/**
 * Free text in audit rows (issue 15). What a person typed — an unknown login, a cancel reason, a
 * request number — may hold an ID number or a phone, and audit rows outlive every purge: each
 * string is masked (ID numbers as maskIdNumber shows them, phones) and capped where rows are
 * appended (audit.ts `appendAudits`) and where old rows are re-masked (migration 0007).
 */
import { maskText } from '../../preload/contract/mask-text';

/** Free text in an audit row (a login someone typed, a reason) is cut to this many characters. */
export const AUDIT_TEXT_MAX = 200;
/** Chain hashes (rows that record the chain itself) are facts, not text: never masked. */
const HEX_HASH = /^[0-9a-f]{64}$/;

/**
 * What a person typed may hold an ID number or a phone, and audit rows outlive every purge: each
 * string is masked (ID numbers as maskIdNumber does, phones) and capped.
 */
export function scrubAuditText(text: string): string {
  if (HEX_HASH.test(text)) return text;
  const masked = maskText(text);
  const chars = Array.from(masked);
  return chars.length > AUDIT_TEXT_MAX ? `${chars.slice(0, AUDIT_TEXT_MAX - 1).join('')}…` : masked;
}

/** Every string of a details object, keys included, through `scrubAuditText`. */
export function scrubAuditDetails(value: unknown): unknown {
  if (typeof value === 'string') return scrubAuditText(value);
  if (Array.isArray(value)) return value.map(scrubAuditDetails);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[scrubAuditText(k)] = scrubAuditDetails(v);
    return out;
  }
  return value;
}
