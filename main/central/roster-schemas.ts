/**
 * central-api.yaml 1.1: the office's clerk roster (`/v1/offices/{officeCode}/clerks`). Shared by the
 * workstation's client (main/sync/roster.ts) and the reference registry (test/central/roster.ts).
 * Kept apart from schemas.ts so the roster's vocabulary lives in one place.
 */
import { z } from 'zod';
import { roles } from '../../preload/contract/roles';

export const ROSTER_LOGIN_PATTERN = /^[a-z0-9._-]{3,32}$/;

const B64 = '[A-Za-z0-9+/]+={0,2}';
const SCRYPT_HASH = new RegExp(`^scrypt\\$([0-9]{1,8})\\$([0-9]{1,2})\\$([0-9]{1,2})\\$${B64}\\$${B64}$`);

/**
 * A hash this program can check, with bounded cost: a roster entry comes from another machine, and
 * parameters like N=2^30 would make every login of that clerk ask for gigabytes of memory.
 */
export function isAcceptablePasswordHash(hash: string): boolean {
  const m = SCRYPT_HASH.exec(hash);
  if (m === null) return false;
  const [n, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const powerOfTwo = n > 1 && (n & (n - 1)) === 0;
  return powerOfTwo && n >= 2 ** 14 && n <= 2 ** 20 && r >= 1 && r <= 16 && p >= 1 && p <= 4;
}

const dateTime = z.iso.datetime({ offset: true });

export const PasswordHash = z
  .string()
  .max(512)
  .refine(isAcceptablePasswordHash, { message: 'Expected an scrypt hash with its salt and bounded parameters', params: { code: 'hash' } });

/** `RosterEntry` as a workstation sends it (PUT): version and updatedAt are the registry's to set. */
export const RosterEntry = z.object({
  login: z.string().regex(ROSTER_LOGIN_PATTERN),
  fullName: z.string().trim().min(1).max(120),
  role: z.enum(roles),
  disabled: z.boolean(),
  passwordHash: PasswordHash.optional(),
  mustChangePassword: z.boolean().optional(),
  version: z.number().int().min(0).optional(),
  updatedAt: dateTime.optional(),
  updatedBy: z.string().max(200).optional(),
});
export type RosterEntry = z.infer<typeof RosterEntry>;

/** An entry as the registry stores and returns it: it always has its version and time. */
export const StoredRosterEntry = RosterEntry.extend({ version: z.number().int().min(1), updatedAt: dateTime });
export type StoredRosterEntry = z.infer<typeof StoredRosterEntry>;

export const RosterPut = z.strictObject({ entry: RosterEntry, baseVersion: z.number().int().min(0) });
export type RosterPut = z.infer<typeof RosterPut>;

/**
 * GET /v1/offices/{officeCode}/clerks. The items are read one by one by the workstation
 * (main/sync/roster.ts): a bad entry is set aside, the page and the others still count.
 */
export const RosterPage = z.object({ items: z.array(z.unknown()), cursor: z.string().max(200) });
export type RosterPage = z.infer<typeof RosterPage>;
