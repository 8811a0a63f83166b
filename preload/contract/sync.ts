/**
 * Sync with the central registry as the renderer sees it (DESIGN.md 5): the status bar's figures,
 * the queue «Очередь отправки», phone confirmation by SMS code, the UID lookup, and the
 * notifications a clerk gets when the registry decides on an application they took.
 */
import { z } from 'zod';
import { fieldMessage } from './field-messages';
import { applicationStates, procedures, type RefusalReason } from './applications';
import { idNumberSchema } from './id-number';
import { phoneSchema } from './phone';
import { supervisorConfirmationSchema } from './schemas';

/** Russian, for the clerk: what each registry refusal means and what to do. */
export const refusalReasonMessages: Record<RefusalReason, string> = {
  DOCUMENT_INVALID: 'Документ не принят реестром. Сверьте данные документа; при необходимости гражданин обращается в МВД.',
  DOCUMENT_EXPIRED: 'Срок действия документа истёк. Примите заявление по действительному документу.',
  UID_ALREADY_ASSIGNED: 'Гражданину уже выдан уникальный идентификатор. Для доступа используйте смену телефона или новый пароль.',
  UID_NOT_ASSIGNED: 'У гражданина нет уникального идентификатора. Сначала нужна выдача УИ.',
  UID_ALREADY_BLOCKED: 'Уникальный идентификатор уже заблокирован.',
  UID_NOT_BLOCKED: 'Уникальный идентификатор не заблокирован: разблокировка не нужна.',
  PHONE_NOT_CONFIRMED: 'Номер телефона не подтверждён. Примите заявление заново и подтвердите номер кодом из SMS.',
  PHONE_IN_USE: 'Этот номер телефона уже привязан к другому уникальному идентификатору. Нужен другой номер.',
  VERIFICATION_MISMATCH: 'Данные не совпали со сведениями МВД. Сверьте ФИО, дату рождения и номер документа с документом.',
  DUPLICATE_PENDING:
    'По этому гражданину реестр уже рассматривает заявление на ту же процедуру (возможно, с другого рабочего места). Дождитесь решения по нему.',
};

export const syncStatusSchema = z.object({
  /** False until IT or an admin set the registry address and the workstation token. */
  configured: z.boolean(),
  /** Null before the first check. */
  online: z.boolean().nullable(),
  /** Signed applications not yet accepted by the registry. */
  pending: z.number().int().nonnegative(),
  /** Accepted, the decision not yet received. */
  awaitingDecision: z.number().int().nonnegative(),
  oldestPendingAt: z.string().nullable(),
  /** Russian: what went wrong last and what happens next. */
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  lastSyncAt: z.string().nullable(),
  /** Decisions the registry sent that could not be read or applied, set aside for IT (see the audit, `sync.decision_set_aside`). */
  decisionsSetAside: z.number().int().nonnegative(),
});
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const queueItemSchema = z.object({
  applicationId: z.uuid(),
  journalNo: z.string(),
  procedure: z.enum(procedures),
  state: z.enum(applicationStates),
  clerkName: z.string(),
  signedAt: z.string().nullable(),
  attempts: z.number().int().nonnegative(),
  /** Russian. */
  lastError: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  /** Null once the registry accepted it (then it waits for the decision). */
  nextAttemptAt: z.string().nullable(),
});
export type QueueItem = z.infer<typeof queueItemSchema>;
export const queueSchema = z.object({ items: z.array(queueItemSchema) });

/** With the citizen's number the registry refuses, before any SMS, a phone tied to another person's UID. */
export const sendCodeInput = z.strictObject({ phone: phoneSchema, idNumber: idNumberSchema.optional() });
export const sendCodeResult = z.object({ confirmationId: z.uuid(), expiresAt: z.string() });
export const verifyCodeInput = z.strictObject({
  confirmationId: z.uuid(fieldMessage('sms_code.send_first')),
  code: z
    .string()
    .trim()
    .regex(/^[0-9]{6}$/, fieldMessage('sms_code.format')),
});
export const verifyCodeResult = z.object({ verified: z.boolean(), attemptsLeft: z.number().int().nonnegative() });

export const lookupInput = z.strictObject({ idNumber: idNumberSchema });
/** One of the person's applications the registry holds (central-api.yaml 1.1 ApplicationRef), from any desk. */
const registryApplicationRef = z.object({
  procedure: z.enum(procedures),
  officeCode: z.string(),
  workstationId: z.string(),
  journalNo: z.string().optional(),
  submittedAt: z.string(),
});
export const lookupResult = z.object({
  state: z.enum(['none', 'active', 'blocked']),
  phoneMasked: z.string().optional(),
  assignedAt: z.string().optional(),
  /** 1.1: undecided at the registry. */
  pending: z.array(registryApplicationRef).optional(),
  /** 1.1: decided in the last 24 hours. */
  recent: z.array(registryApplicationRef.extend({ outcome: z.enum(['approved', 'refused']), decidedAt: z.string() })).optional(),
});
export type LookupResult = z.infer<typeof lookupResult>;

export const notificationSchema = z.object({
  id: z.uuid(),
  applicationId: z.uuid(),
  journalNo: z.string(),
  procedure: z.enum(procedures),
  outcome: z.enum(['approved', 'refused', 'rejected']),
  /** Russian explanations (refusal reasons, or the registry's problems for a rejected item). */
  reasons: z.array(z.string()),
  /** The registry's refusal codes behind `reasons` (refused only), for the renderer to say them in the clerk's language. */
  reasonCodes: z.array(z.string()).optional(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;
export const notificationsSchema = z.object({ items: z.array(notificationSchema), unread: z.number().int().nonnegative() });
export const markReadInput = z.strictObject({ ids: z.array(z.uuid()).min(1).max(500) });

export const setTokenInput = z.strictObject({
  token: z
    .string()
    .trim()
    .min(8, fieldMessage('token.too_short'))
    .max(4096, fieldMessage('token.too_long'))
    .regex(/^[\x21-\x7e]+$/, fieldMessage('token.characters')),
  /** Needed while applications are queued: see supervisorConfirmationSchema. */
  supervisor: supervisorConfirmationSchema.optional(),
});

export const decidedEventSchema = z.object({
  applicationId: z.uuid(),
  clerkId: z.string(),
  outcome: z.enum(['approved', 'refused', 'rejected']),
});
