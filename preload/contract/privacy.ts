/**
 * Personal-data channels for the supervisor (Law No. 99-З, DOMAIN.md §7): the retention
 * status, and data-subject requests — find every application of one person by identification
 * number, print what the workstation holds about them, erase it early where the law allows.
 */
import { z } from 'zod';
import { fieldMessage } from './field-messages';
import { applicationStates, applicationDetailSchema, historyEntrySchema, procedures } from './applications';
import { idNumberSchema } from './id-number';

export const RETENTION_DAYS_DEFAULT = 30;
/** Drafts and applications awaiting a signature untouched this long are cancelled automatically. */
export const DRAFT_DAYS_DEFAULT = 7;

export const subjectInput = z.strictObject({ idNumber: idNumberSchema });

/** Why an application's personal data may not be erased yet (null: it may). */
export const eraseBlockers = ['in_progress', 'awaiting_registry', 'already_purged'] as const;
export type EraseBlocker = (typeof eraseBlockers)[number];

export const subjectApplicationSchema = z.object({
  id: z.uuid(),
  journalNo: z.string(),
  procedure: z.enum(procedures),
  state: z.enum(applicationStates),
  createdAt: z.string(),
  clerkName: z.string(),
  purged: z.boolean(),
  eraseBlocker: z.enum(eraseBlockers).nullable(),
});
export type SubjectApplication = z.infer<typeof subjectApplicationSchema>;

export const subjectFindResult = z.object({
  idMasked: z.string(),
  applications: z.array(subjectApplicationSchema),
});
export type SubjectFindResult = z.infer<typeof subjectFindResult>;

/** What is held about one person, for the printed answer to their request. */
export const subjectReportSchema = z.object({
  idMasked: z.string(),
  generatedAt: z.string(),
  generatedBy: z.string(),
  officeName: z.string(),
  applications: z.array(
    subjectApplicationSchema.extend({
      signedAt: z.string().nullable(),
      decidedAt: z.string().nullable(),
      purgedAt: z.string().nullable(),
      phoneConfirmation: z.string(),
      refusalReasons: z.array(z.string()).nullable(),
      personal: applicationDetailSchema.shape.personal,
      labels: z.number().int().nonnegative(),
      history: z.array(historyEntrySchema.omit({ details: true })),
    }),
  ),
  /** The registry's data are not held here: the person asks the registry for those. */
  heldElsewhere: z.string(),
});
export type SubjectReport = z.infer<typeof subjectReportSchema>;

export const requestRefSchema = z
  .string()
  .trim()
  .min(1, fieldMessage('request_ref.required'))
  .max(40, fieldMessage('request_ref.too_long'))
  .regex(/^[0-9A-Za-zА-Яа-яЁёІіЎў№/.\- ]+$/, fieldMessage('request_ref.characters'));

export const subjectEraseInput = z.strictObject({ idNumber: idNumberSchema, requestRef: requestRefSchema });
export const subjectEraseResult = z.object({
  erased: z.number().int().nonnegative(),
  kept: z.array(z.object({ journalNo: z.string(), blocker: z.enum(eraseBlockers) })),
  /** Pre-upgrade backups: in how many the erased rows were purged too, and how many were removed instead. */
  backups: z.object({ cleaned: z.number().int().nonnegative(), removed: z.number().int().nonnegative() }),
});
export type SubjectEraseResult = z.infer<typeof subjectEraseResult>;

export const retentionStatusSchema = z.object({
  retentionDays: z.number().int(),
  lastRunAt: z.string().nullable(),
  /** Applications purged by the last run. */
  lastPurged: z.number().int().nonnegative().nullable(),
  nextRunAt: z.string().nullable(),
  /** Applications whose personal data are still held (open or within the period). */
  holding: z.number().int().nonnegative(),
  purgedTotal: z.number().int().nonnegative(),
});
export type RetentionStatus = z.infer<typeof retentionStatusSchema>;
