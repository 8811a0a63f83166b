/**
 * Phone confirmations on the reference registry: POST /v1/phone-confirmations sends a code (rate
 * limited per phone), POST .../verify checks it (expiry, tries), and the test-only GET /_test/sms
 * shows the codes that were "sent".
 */
import { z } from 'zod';
import {
  PhoneConfirmationRequest,
  toFieldProblems,
  VerifyRequest,
  type PhoneConfirmationCreated,
  type VerifyResult,
} from '../../main/central/schemas';
import type { Confirmation } from './decide';
import { type Prng, prngUuid } from './faults';
import { invalid, json, problem, type Handler } from './http';
import type { CentralState, RegistryStore } from './state';

const CODE_TTL_MS = 5 * 60_000;
const CODE_TRIES = 3;
const SMS_PER_WINDOW = 3;
const SMS_WINDOW_MS = 60_000;

export function phoneConfirmationHandlers(ctx: { store: RegistryStore; now: () => Date; smsPrng: Prng }): {
  create: Handler;
  verify: Handler;
} {
  const { store, now, smsPrng } = ctx;
  const { confirmations } = store;
  /** Send times (ms) of codes per phone, for the rate limit; not persisted (a minute is short). */
  const smsTimes = new Map<string, number[]>();

  const create: Handler = ({ body }) => {
    const parsed = PhoneConfirmationRequest.safeParse(body);
    if (!parsed.success) return invalid('The request body does not match the contract.', toFieldProblems(parsed.error.issues));
    const { phone, idNumber } = parsed.data;
    // 1.1: a number on another person's UID is refused before any SMS (and before the rate limit counts it).
    if (idNumber !== undefined) {
      for (const [holder, record] of store.uids) {
        if (holder !== idNumber && record.phone === phone) {
          return problem(409, 'phone-in-use', 'Conflict', { detail: "The phone is tied to another person's UID; no SMS was sent." });
        }
      }
    }
    const at = now();
    const t = at.getTime();
    const recent = (smsTimes.get(phone) ?? []).filter((sent) => t - sent < SMS_WINDOW_MS);
    smsTimes.set(phone, recent);
    const oldest = recent[0];
    if (recent.length >= SMS_PER_WINDOW && oldest !== undefined) {
      const retryAfter = Math.max(1, Math.ceil((oldest + SMS_WINDOW_MS - t) / 1000));
      return problem(429, 'too-many-codes', 'Too Many Requests', {
        detail: `At most ${SMS_PER_WINDOW} codes per phone within ${SMS_WINDOW_MS / 1000} s.`,
        headers: { 'Retry-After': String(retryAfter) },
      });
    }
    recent.push(t);
    let id = prngUuid(smsPrng);
    // A restart with the same seed replays the ids of the state file's confirmations.
    while (confirmations.has(id)) id = prngUuid(smsPrng);
    const confirmation: Confirmation = {
      id,
      phone,
      code: String(smsPrng.int(0, 999_999)).padStart(6, '0'),
      createdAt: at.toISOString(),
      expiresAt: new Date(t + CODE_TTL_MS).toISOString(),
      attempts: 0,
      verified: false,
    };
    confirmations.set(confirmation.id, confirmation);
    store.sms.push({ confirmationId: confirmation.id, phone, code: confirmation.code, sentAt: confirmation.createdAt });
    store.save();
    return json(201, { confirmationId: confirmation.id, expiresAt: confirmation.expiresAt } satisfies PhoneConfirmationCreated);
  };

  const verify: Handler = ({ params, body }) => {
    const id = z.uuid().safeParse(params[0]);
    if (!id.success) return invalid('The confirmation id is not a UUID.', toFieldProblems(id.error.issues, ['confirmationId']));
    const c = confirmations.get(id.data);
    if (c === undefined) return problem(404, 'not-found', 'Not Found', { detail: `No phone confirmation ${id.data}.` });
    const parsed = VerifyRequest.safeParse(body);
    if (!parsed.success) return invalid('The request body does not match the contract.', toFieldProblems(parsed.error.issues));
    if (now().getTime() > Date.parse(c.expiresAt)) {
      return problem(410, 'confirmation-expired', 'Gone', { detail: 'The code has expired; request a new one.' });
    }
    if (c.attempts >= CODE_TRIES) {
      return problem(410, 'confirmation-exhausted', 'Gone', { detail: `All ${CODE_TRIES} tries were used; request a new code.` });
    }
    c.attempts += 1;
    const right = parsed.data.code === c.code;
    // A wrong try after a right one does not undo the confirmation.
    if (right) c.verified = true;
    store.save();
    return json(200, { verified: right, attemptsLeft: CODE_TRIES - c.attempts } satisfies VerifyResult);
  };

  return { create, verify };
}

/** GET /_test/sms?phone=…: the codes sent, newest first. */
export const testSmsHandler =
  (state: Pick<CentralState, 'smsMessages'>): Handler =>
  ({ url }) => {
    // A '+' left unencoded in a query string arrives as a space.
    const raw = url.searchParams.get('phone');
    const phone = raw === null ? undefined : raw.trim().replace(/^(?=375)/, '+');
    return json(200, { messages: state.smsMessages(phone) });
  };
