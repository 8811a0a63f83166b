/**
 * zod schemas shared by the renderer (errors as the clerk types) and the main process
 * (the authority). Messages are Russian and say what to do.
 */
import { z } from 'zod';
import { fieldMessage } from './field-messages';
import { printerSettingsSchema, readerSettingsSchema } from './devices';
import { roles } from './roles';

export const loginSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, fieldMessage('login.too_short'))
  .max(32, fieldMessage('login.too_long'))
  .regex(/^[a-z0-9._-]+$/, fieldMessage('login.characters'));

export const MIN_PASSWORD_LENGTH = 10;

export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, fieldMessage('password.too_short', { min: MIN_PASSWORD_LENGTH }))
  .max(200, fieldMessage('password.too_long'));

/** Typed password at login: never trimmed, never checked for strength (that would leak policy). */
export const passwordInputSchema = z.string().min(1, fieldMessage('password.required')).max(200, fieldMessage('password.too_long'));

export const fullNameSchema = z.string().trim().min(2, fieldMessage('full_name.required')).max(120, fieldMessage('full_name.too_long'));

export const roleSchema = z.enum(roles, fieldMessage('role.choose'));
export const languageSchema = z.enum(['ru', 'be'], fieldMessage('language.choose'));
export const idSchema = z.uuid(fieldMessage('record_id.invalid'));

export const isoDateSchema = z.iso.date(fieldMessage('date.iso'));

export const officeCodeSchema = z
  .string()
  .trim()
  .regex(/^[0-9A-Za-z-]{2,16}$/, fieldMessage('office_code.format'));
/** 1–99 without a leading zero: the journal number carries it as two digits ('2026/03-000123'). */
export const workstationNumberSchema = z
  .string()
  .trim()
  .regex(/^([1-9]|[1-9][0-9])$/, fieldMessage('workstation.format'));

const passwordsMatch = {
  path: ['passwordRepeat'],
  message: fieldMessage('password.mismatch'),
};

/**
 * The first run: the first administrator and, unless IT's config file gives them, who the desk is
 * (the first-run form asks for both; without them the desk takes no application).
 */
export const setupInput = z
  .strictObject({
    login: loginSchema,
    fullName: fullNameSchema.optional(),
    password: newPasswordSchema,
    passwordRepeat: z.string(),
    officeCode: officeCodeSchema.optional(),
    workstationId: workstationNumberSchema.optional(),
  })
  .refine((v) => v.password === v.passwordRepeat, passwordsMatch);

export const loginInput = z.strictObject({ login: loginSchema, password: passwordInputSchema });
export const unlockInput = z.strictObject({ password: passwordInputSchema });
export const changePasswordInput = z
  .strictObject({ currentPassword: passwordInputSchema, newPassword: newPasswordSchema, newPasswordRepeat: z.string() })
  .refine((v) => v.newPassword === v.newPasswordRepeat, {
    path: ['newPasswordRepeat'],
    message: fieldMessage('password.mismatch'),
  });

export const sessionSchema = z.object({
  clerkId: idSchema,
  login: z.string(),
  fullName: z.string(),
  role: roleSchema,
  state: z.enum(['active', 'locked']),
  idleLockMinutes: z.number().int(),
  /** An administrator set the password (new account, reset): the clerk must set their own first. */
  mustChangePassword: z.boolean(),
});
export type Session = z.infer<typeof sessionSchema>;

export const clerkSchema = z.object({
  id: idSchema,
  login: z.string(),
  fullName: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
  failedAttempts: z.number().int(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type Clerk = z.infer<typeof clerkSchema>;

export const createClerkInput = z.strictObject({
  login: loginSchema,
  fullName: fullNameSchema,
  role: roleSchema,
  password: newPasswordSchema,
});

export const updateClerkInput = z
  .strictObject({ id: idSchema, fullName: fullNameSchema.optional(), role: roleSchema.optional(), disabled: z.boolean().optional() })
  .refine((v) => v.fullName !== undefined || v.role !== undefined || v.disabled !== undefined, {
    message: fieldMessage('clerk.nothing_to_change'),
  });

export const resetPasswordInput = z.strictObject({ id: idSchema, password: newPasswordSchema });
export const clerkIdInput = z.strictObject({ id: idSchema });

/** Inputs are strict objects: an unknown field is an error, never silently dropped. */

/** Workstation settings. Keys set by IT in the config file are read-only here. */
/**
 * Who the desk is: '' = not set yet (never a silent default — two desks left at the same default
 * would print the same numbers). Setting or changing needs a valid value (settingsUpdateInput).
 */
export const settingsSchema = z.object({
  officeCode: officeCodeSchema.or(z.literal('')),
  officeName: z.string().trim().min(2, fieldMessage('office_name.required')).max(200, fieldMessage('name.too_long')),
  workstationId: workstationNumberSchema.or(z.literal('')),
  idleLockMinutes: z
    .number(fieldMessage('minutes.number'))
    .int(fieldMessage('minutes.integer'))
    .min(1, fieldMessage('minutes.min'))
    .max(120, fieldMessage('minutes.max')),
  language: languageSchema,
  /** The MRZ card reader's port; path '' = none on this workstation. */
  reader: readerSettingsSchema,
  /** The label printer's port; path '' = none. */
  printer: printerSettingsSchema,
  /** The central registry's base URL ('' = not set): https, or http on this computer only (tests, demo). */
  registryUrl: z
    .string()
    .trim()
    .max(500, fieldMessage('registry_url.too_long'))
    .refine((v) => v === '' || registryUrlProblem(v) === null, { error: (issue) => registryUrlProblem(String(issue.input)) ?? '' }),
  /** Offline, an issue or phone change may be taken with the phone confirmed later by the registry. */
  allowDeferredPhone: z.boolean(fieldMessage('yes_no.choose')),
  /** Personal data of an application are purged this many days after its decision (or cancellation). */
  retentionDays: z
    .number(fieldMessage('days.number'))
    .int(fieldMessage('days.integer'))
    .min(1, fieldMessage('days.min'))
    .max(3650, fieldMessage('retention.max')),
  /** A draft or an application awaiting a signature untouched this many days is cancelled automatically (then purged as cancelled). */
  draftDays: z
    .number(fieldMessage('days.number'))
    .int(fieldMessage('days.integer'))
    .min(1, fieldMessage('days.min'))
    .max(365, fieldMessage('draft_days.max')),
});
export type Settings = z.infer<typeof settingsSchema>;

/** Personal data travels only over TLS: plain http is accepted for this computer alone. */
export function registryUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fieldMessage('registry_url.not_url');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return null;
  return fieldMessage('registry_url.not_https');
}
export type SettingKey = keyof Settings;
export const settingKeys = Object.keys(settingsSchema.shape) as SettingKey[];

/**
 * A supervisor's login and password, typed at the administrator's desk, that confirm changing the
 * registry's address or token while applications wait in the queue (they would go to the new one).
 */
export const supervisorConfirmationSchema = z.strictObject({ login: loginSchema, password: passwordInputSchema });
export type SupervisorConfirmation = z.infer<typeof supervisorConfirmationSchema>;

export const settingsUpdateInput = settingsSchema
  .partial()
  .extend({
    officeCode: officeCodeSchema.optional(),
    workstationId: workstationNumberSchema.optional(),
    supervisor: supervisorConfirmationSchema.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).some((k) => k !== 'supervisor'), { message: fieldMessage('settings.nothing_to_save') });

export const settingsView = z.object({
  values: settingsSchema,
  readonly: z.array(z.enum(settingKeys as [SettingKey, ...SettingKey[]])),
  /** The workstation token itself never leaves the main process: only whether it is set, and by whom. */
  registryToken: z.enum(['unset', 'set', 'config']),
});

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  setupRequired: z.boolean(),
  officeCode: z.string(),
  officeName: z.string(),
  workstationId: z.string(),
  language: languageSchema,
  transport: z.enum(['ipc', 'http']),
  /** Training and demo mode: its own data, the reference registry, simulated devices (banner «Учебный режим»). */
  demo: z.boolean(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorLogin: z.string().nullable(),
  action: z.string(),
  subject: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditListInput = z.strictObject({
  actorId: idSchema.optional(),
  action: z.string().max(64).optional(),
  /** Minsk days, inclusive (the log stores UTC instants). */
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  beforeSeq: z.number().int().positive().optional(),
  limit: z.number().int().min(1).max(500).default(100),
});

/** The same filters as the list, without paging: the whole selection as CSV. */
export const auditExportInput = auditListInput.omit({ beforeSeq: true, limit: true });
export const auditExportSchema = z.object({
  csv: z.string(),
  rows: z.number().int().nonnegative(),
  /** More rows matched than one export holds: narrow the period. */
  truncated: z.boolean(),
});

/**
 * The local log against the heads anchored in the registry at each sync (issue 15): `disagrees`
 * means rows were rewritten (hash_differs) or deleted (beyond_end) after they were anchored.
 */
export const auditAnchorCheckSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('agrees'), anchors: z.number().int() }),
  z.object({ status: z.literal('disagrees'), seq: z.number().int(), reason: z.enum(['hash_differs', 'beyond_end']) }),
  z.object({ status: z.literal('unchecked'), reason: z.enum(['not_configured', 'offline', 'refused']) }),
]);
export type AuditAnchorCheck = z.infer<typeof auditAnchorCheckSchema>;

export const auditVerifySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), rows: z.number().int(), headHash: z.string().nullable(), anchors: auditAnchorCheckSchema.optional() }),
  z.object({
    ok: z.literal(false),
    rows: z.number().int(),
    brokenSeq: z.number().int(),
    reason: z.enum(['hash_mismatch', 'chain_break', 'sequence_gap', 'head_mismatch']),
    message: z.string(),
    anchors: auditAnchorCheckSchema.optional(),
  }),
]);
export type AuditVerification = z.infer<typeof auditVerifySchema>;

export const empty = z.strictObject({});

/** Print the page the caller shows (its print CSS decides what goes on paper). */
export const printInput = z.strictObject({ title: z.string().trim().min(1).max(200, fieldMessage('name.too_long')) });
export const printResult = z.object({
  /** 'webContents': Electron printed it; 'browser': the page must call window.print() itself. */
  method: z.enum(['webContents', 'browser']),
  printed: z.boolean(),
});
