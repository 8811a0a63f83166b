/**
 * The workstation's client of the central registry (central-api.yaml). Every answer is validated
 * with the contract's schemas; every failure is a value saying whether a retry can help, so the
 * sync worker never crashes on a dropped connection, a timeout or a garbage body, and never
 * mistakes one for success.
 */
import type { z } from 'zod';
import {
  AnchorRecorded,
  AuditAnchorsPage,
  type AuditAnchor,
  RawDecisionsPage,
  Health,
  OfficeSummary,
  PhoneConfirmationCreated,
  Problem,
  SubmissionsResponse,
  UidStatus,
  VerifyResult,
  type Submission,
} from './schemas';
import { fieldMessage } from '../../preload/contract/field-messages';
import { RosterPage, StoredRosterEntry, type RosterPut } from './roster-schemas';
import { parseRetryAfter } from '../sync/backoff';
import { fetchTransport, nodeTransport, type TransportResponse } from './transport';

export type CentralFailure =
  /** No answer: refused, reset, DNS, TLS, timeout. The registry may or may not have processed it. */
  | { kind: 'network'; detail: string }
  /** An answer that is not what the contract says (garbage, wrong shape). Retried. */
  | { kind: 'malformed'; status: number; detail: string }
  /** An HTTP error with its problem document when there is one. */
  | { kind: 'http'; status: number; problem: Problem | null; retryAfterMs: number | null; body?: unknown };

export type CentralResult<T> = { ok: true; value: T } | { ok: false; failure: CentralFailure };

export type CentralClientOptions = {
  /** Base URL ending in '/', e.g. https://uid.example.by/api/ — paths are appended (v1/...). */
  baseUrl: string;
  token: string;
  timeoutMs?: number;
  /** Instead of node:http(s) (transport.ts): a test's stand-in, or the readiness checks' own when they are given one. */
  fetch?: typeof fetch;
  now?: () => Date;
};

export interface CentralClient {
  health(): Promise<CentralResult<Health>>;
  submit(items: Submission[]): Promise<CentralResult<SubmissionsResponse>>;
  /** Items unchecked: the caller validates each one (main/sync/decisions.ts), so one bad item cannot stop the rest. */
  decisions(after: string | null, limit: number): Promise<CentralResult<RawDecisionsPage>>;
  /** `timeoutMs`: shorter than the default where a clerk and a citizen wait for the answer (the pre-check). */
  uid(idNumber: string, timeoutMs?: number): Promise<CentralResult<UidStatus>>;
  /** With `idNumber` (1.1) the registry refuses a phone tied to another person's UID: 409 …/phone-in-use, no SMS. */
  sendCode(phone: string, idNumber?: string): Promise<CentralResult<PhoneConfirmationCreated>>;
  verifyCode(confirmationId: string, code: string): Promise<CentralResult<VerifyResult>>;
  /** POST /v1/audit-anchors; a 409 (another head was anchored at this seq) is an http failure. */
  postAnchor(anchor: AuditAnchor): Promise<CentralResult<null>>;
  /** GET /v1/audit-anchors, newest first. */
  anchors(limit: number): Promise<CentralResult<AuditAnchorsPage>>;
  /** GET /v1/offices/{officeCode}/summary: what the registry received from the office's desks in a period of Minsk days. */
  officeSummary(officeCode: string, from: string, to: string): Promise<CentralResult<OfficeSummary>>;
  /** GET /v1/offices/{officeCode}/clerks: roster changes after the cursor (all when null). */
  rosterChanges(officeCode: string, after: string | null): Promise<CentralResult<RosterPage>>;
  /** PUT /v1/offices/{officeCode}/clerks/{login}; a 409 is an http failure whose `body` is the current entry. */
  putRosterEntry(officeCode: string, body: RosterPut): Promise<CentralResult<StoredRosterEntry>>;
}

/** Short, non-personal, Russian (coded: field-messages.ts): for the status bar and the queue screen. */
export function describeFailure(failure: CentralFailure): string {
  switch (failure.kind) {
    case 'network':
      return fieldMessage('registry.failure.network');
    case 'malformed':
      return fieldMessage('registry.failure.malformed', { status: failure.status });
    case 'http':
      if (failure.status === 401 || failure.status === 403) return fieldMessage('registry.failure.token');
      if (failure.status === 429) return fieldMessage('registry.failure.busy');
      if (failure.status >= 500) return fieldMessage('registry.failure.down', { status: failure.status });
      return failure.problem
        ? fieldMessage('registry.failure.rejected_title', { status: failure.status, text: failure.problem.title })
        : fieldMessage('registry.failure.rejected', { status: failure.status });
  }
}

export function createCentralClient(options: CentralClientOptions): CentralClient {
  const transport = options.fetch === undefined ? nodeTransport : fetchTransport(options.fetch);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const now = options.now ?? (() => new Date());
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;

  async function call<S extends z.ZodType>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    schema: S,
    body?: unknown,
    auth = true,
    timeout = timeoutMs,
  ): Promise<CentralResult<z.output<S>>> {
    let response: TransportResponse;
    try {
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (auth) headers.Authorization = `Bearer ${options.token}`;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      response = await transport(new URL(path, base), {
        method,
        headers,
        ...(body !== undefined && { body: JSON.stringify(body) }),
        timeoutMs: timeout,
      });
    } catch (error) {
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      return { ok: false, failure: { kind: 'network', detail } };
    }
    const { text } = response;
    const ok = response.status >= 200 && response.status < 300;
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      if (!ok) return { ok: false, failure: httpFailure(response, null) };
      return { ok: false, failure: { kind: 'malformed', status: response.status, detail: 'not JSON' } };
    }
    if (!ok) {
      const problem = Problem.safeParse(json);
      const failure = httpFailure(response, problem.success ? problem.data : null);
      // A 409 of the roster carries the current entry, which the caller needs (main/sync/roster.ts).
      return { ok: false, failure: response.status === 409 && !problem.success ? { ...failure, body: json } : failure };
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first ? `${first.path.join('.') || '(root)'}: ${first.code}` : 'shape';
      return { ok: false, failure: { kind: 'malformed', status: response.status, detail: where } };
    }
    return { ok: true, value: parsed.data };
  }

  const httpFailure = (response: TransportResponse, problem: Problem | null): Extract<CentralFailure, { kind: 'http' }> => ({
    kind: 'http',
    status: response.status,
    problem,
    retryAfterMs: parseRetryAfter(response.header('retry-after'), now()),
  });

  return {
    health: () => call('GET', 'v1/health', Health, undefined, false),
    submit: (items) => call('POST', 'v1/submissions', SubmissionsResponse, { items }),
    decisions: (after, limit) => {
      const query = new URLSearchParams({ limit: String(limit) });
      if (after !== null) query.set('after', after);
      return call('GET', `v1/decisions?${query.toString()}`, RawDecisionsPage);
    },
    uid: (idNumber, timeout) =>
      call('GET', `v1/uid/${encodeURIComponent(idNumber)}`, UidStatus, undefined, true, Math.min(timeout ?? timeoutMs, timeoutMs)),
    sendCode: (phone, idNumber) =>
      call('POST', 'v1/phone-confirmations', PhoneConfirmationCreated, { phone, ...(idNumber !== undefined && { idNumber }) }),
    verifyCode: (confirmationId, code) =>
      call('POST', `v1/phone-confirmations/${encodeURIComponent(confirmationId)}/verify`, VerifyResult, { code }),
    postAnchor: (anchor) => call('POST', 'v1/audit-anchors', AnchorRecorded, anchor),
    anchors: (limit) => call('GET', `v1/audit-anchors?${new URLSearchParams({ limit: String(limit) }).toString()}`, AuditAnchorsPage),
    officeSummary: (officeCode, from, to) =>
      call('GET', `v1/offices/${encodeURIComponent(officeCode)}/summary?${new URLSearchParams({ from, to }).toString()}`, OfficeSummary),
    rosterChanges: (officeCode, after) => {
      const query = after === null ? '' : `?${new URLSearchParams({ after }).toString()}`;
      return call('GET', `v1/offices/${encodeURIComponent(officeCode)}/clerks${query}`, RosterPage);
    },
    putRosterEntry: (officeCode, body) =>
      call('PUT', `v1/offices/${encodeURIComponent(officeCode)}/clerks/${encodeURIComponent(body.entry.login)}`, StoredRosterEntry, body),
  };
}
