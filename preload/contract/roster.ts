/**
 * The office roster as the administrator sees it on «Сотрудники» (issue 14): account changes of
 * this desk not yet accepted by the registry, and changes that lost to a later one made at another
 * desk (kept until the administrator acknowledges them).
 */
import { z } from 'zod';
import { idSchema } from './schemas';

export const rosterFields = ['fullName', 'role', 'disabled', 'passwordHash', 'mustChangePassword'] as const;
export type RosterField = (typeof rosterFields)[number];

export const rosterConflictSchema = z.object({
  id: idSchema,
  clerkId: idSchema,
  login: z.string(),
  at: z.string(),
  /** The fields of this desk's change that were replaced by the winning entry. */
  lost: z.array(z.enum(rosterFields)),
  /** officeCode/workstationId/login of the winning change, when the registry said. */
  winnerBy: z.string().nullable(),
  winnerVersion: z.number().int(),
});
export type RosterConflictView = z.infer<typeof rosterConflictSchema>;

export const rosterStatusSchema = z.object({
  /** The registry's address and token are set: queued changes will go by themselves. */
  registryConfigured: z.boolean(),
  /** Accounts changed here and not yet accepted by the registry (offline, or refused). */
  pending: z.number().int().nonnegative(),
  conflicts: z.array(rosterConflictSchema),
});
export type RosterStatus = z.infer<typeof rosterStatusSchema>;

export const acknowledgeConflictInput = z.strictObject({ id: idSchema });
