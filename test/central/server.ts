/**
 * Reference implementation of the central registry API (../shared/central-api.yaml) for tests and
 * demos (DESIGN.md §5): node:http on 127.0.0.1, state in memory and optionally in a file, a
 * registry of known citizens, every refusal reason, idempotent submissions, SMS codes readable on
 * a test-only endpoint, and injectable latency, 5xx, 429, dropped connections and garbage bodies.
 *
 *   const central = await startCentralServer({ registry: people, decisionDelayMs: 0, exposeSms: true });
 *   fetch(`${central.url}v1/health`);
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import {
  Decision,
  DecisionsQuery,
  MAX_SUBMISSIONS_PER_REQUEST,
  Phone,
  PhoneConfirmationRequest,
  Submission,
  toFieldProblems,
  VerifyRequest,
  IdNumber,
  AuditAnchor,
  type DecisionsPage,
  type FieldProblem,
  type Health,
  type PhoneConfirmationCreated,
  type Problem,
  type SubmissionResult,
  type SubmissionsResponse,
  type UidStatus,
  type VerifyResult,
} from '../../main/central/schemas';
import { minskDate } from '../../main/domain/minsk-time';
import { maskPhone } from '../../preload/contract/phone';
import { decide, type Confirmation } from './decide';
import { assertFaultSpec, createPrng, type FaultKind, type FaultSpec, noFaults, parseFaultSpec, planFault, prngUuid } from './faults';
import { createAnchorStore } from './anchors';
import { demoRegistryFile, loadRegistryFile, parseRegistry, RegistryIdNumber, type RegistryPerson, UidRecord } from './registry';

export { demoRegistryFile };

export type CentralServerOptions = {
  /** 0 (default): a free port. stop()/start() keep the port that was bound first. */
  port?: number;
  /** People, or the path of a registry JSON file; default the demo registry. */
  registry?: readonly RegistryPerson[] | string;
  /** The one bearer token accepted; default 'dev-token'. /v1/health and /_test/ need none. */
  token?: string;
  /** Decisions are made this long after acceptance, in submission order; default 200. */
  decisionDelayMs?: number;
  /** Loaded at start when present; written after each change (temp file + rename). */
  stateFile?: string;
  /** Serve GET /_test/sms; otherwise it is a 404 like any unknown path. */
  exposeSms?: boolean;
  /** A spec object or a CLI spec string (see faults.ts). */
  faults?: FaultSpec | string;
  /** Seeds the PRNGs of faults and SMS codes/confirmation ids; default random. */
  seed?: number;
  /** Time for expiry, rate limits and timestamps; default the real clock. Decision delays use real timers. */
  now?: () => Date;
};

export type SmsMessage = { confirmationId: string; phone: string; code: string; sentAt: string };

export interface CentralStats {
  /** How many times this id was accepted as new (0 or 1 unless idempotency is broken). */
  acceptedCount(submissionId: string): number;
  readonly totalAccepted: number;
  /** How many decisions this id got (0 or 1). */
  decisionsCount(submissionId: string): number;
  readonly totalDecisions: number;
  /** Requests received, faulted ones included. */
  readonly requests: number;
  /** Faults applied, per kind. */
  faultCount(kind: FaultKind): number;
  /** Called after each decision is stored (and saved). Returns the unsubscribe function. */
  onDecision(listener: (decision: Decision) => void): () => void;
  /** Resolves with the decision on this submission, at once if it exists; rejects after timeoutMs. */
  waitForDecision(submissionId: string, timeoutMs?: number): Promise<Decision>;
}

export interface CentralState {
  uid(idNumber: string): UidRecord | undefined;
  /** Test setup: give or take away a UID directly. */
  setUid(idNumber: string, record: UidRecord | undefined): void;
  submission(id: string): Submission | undefined;
  decisions(): readonly Decision[];
  /** Accepted ids still waiting for their decision, in order. */
  pending(): readonly string[];
  confirmation(id: string): Readonly<Confirmation> | undefined;
  /** Newest first; all phones when none is given. */
  smsMessages(phone?: string): SmsMessage[];
  people(): readonly RegistryPerson[];
  /** Audit anchors in recording order (/v1/audit-anchors). */
  anchors(): readonly AuditAnchor[];
}

export interface CentralServer {
  /** 'http://127.0.0.1:PORT/'; the API is at `${url}v1/...`. */
  readonly url: string;
  readonly port: number;
  readonly listening: boolean;
  readonly stats: CentralStats;
  readonly state: CentralState;
  /** Takes the listener down (open connections are cut); state and decisions go on. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Ends it: listener down, decision timer cleared. Pending decisions stay in the state file. */
  close(): Promise<void>;
  /** null or 'none': no faults. */
  setFaults(spec: FaultSpec | string | null): void;
}

const PROBLEM_BASE = 'https://central.invalid/problems/';
const CODE_TTL_MS = 5 * 60_000;
const CODE_TRIES = 3;
const SMS_PER_WINDOW = 3;
const SMS_WINDOW_MS = 60_000;
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const CURSOR_WIDTH = 12;

const ConfirmationRecord = z.object({
  id: z.uuid(),
  phone: Phone,
  code: z.string().regex(/^[0-9]{6}$/),
  createdAt: z.iso.datetime({ offset: true }),
  expiresAt: z.iso.datetime({ offset: true }),
  attempts: z.number().int().min(0),
  verified: z.boolean(),
});

const PersistedState = z.object({
  version: z.literal(1),
  seq: z.number().int().min(0),
  uids: z.record(IdNumber, UidRecord),
  submissions: z.array(z.object({ body: Submission, acceptedAt: z.iso.datetime({ offset: true }) })),
  decisions: z.array(Decision),
  pending: z.array(z.uuid()),
  confirmations: z.array(ConfirmationRecord),
  sms: z.array(z.object({ confirmationId: z.uuid(), phone: Phone, code: z.string(), sentAt: z.iso.datetime({ offset: true }) })),
  // Contract 1.1; absent in state files written before it.
  anchors: z.array(AuditAnchor).optional(),
});
type PersistedState = z.infer<typeof PersistedState>;

/** A submission as the registry takes it: the contract's, with the identification number's check digit enforced. */
const RegistrySubmission = Submission.safeExtend({ idNumber: RegistryIdNumber });

type Reply = { status: number; headers: Record<string, string>; body: string };

type RouteContext = { params: string[]; url: URL; body: unknown };
type Route = {
  pattern: RegExp;
  auth: boolean;
  enabled?: () => boolean;
  methods: Partial<Record<'GET' | 'POST', (ctx: RouteContext) => Reply>>;
};

/** JSON with object keys sorted at every level: two bodies are "identical" when these strings are. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'Content-Type': 'application/json', ...headers },
  body: JSON.stringify(value),
});

function problem(
  status: number,
  slug: string,
  title: string,
  extra: { detail?: string; errors?: FieldProblem[]; headers?: Record<string, string>; [key: string]: unknown } = {},
): Reply {
  const { headers, ...fields } = extra;
  const doc: Problem & Record<string, unknown> = { type: `${PROBLEM_BASE}${slug}`, title, status, ...fields };
  return { status, headers: { 'Content-Type': 'application/problem+json', ...headers }, body: JSON.stringify(doc) };
}

const invalid = (detail: string, errors: FieldProblem[]): Reply => problem(422, 'validation', 'Unprocessable Content', { detail, errors });

const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Bodies that are not JSON, or JSON that fits no response schema of the contract. */
const GARBAGE = [
  '<html><body><h1>502 Bad Gateway</h1></body></html>',
  '{"results": [{"id": "',
  '{"status":"maybe","items":"none","results":42,"verified":"yes"}',
] as const;

function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

function loadState(file: string): PersistedState | null {
  if (!existsSync(file)) return null;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`State file ${file}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const parsed = PersistedState.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`State file ${file}: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}`);
  }
  return parsed.data;
}

export async function startCentralServer(options: CentralServerOptions = {}): Promise<CentralServer> {
  const token = options.token ?? 'dev-token';
  const tokenDigest = sha256(token);
  const decisionDelayMs = options.decisionDelayMs ?? 200;
  const now = options.now ?? (() => new Date());
  const exposeSms = options.exposeSms ?? false;
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  // Separate streams: whether a request was faulted must not shift the SMS codes of a seeded run.
  const faultPrng = createPrng(seed);
  const smsPrng = createPrng(seed ^ 0x5eed5);
  if (!(decisionDelayMs >= 0)) throw new RangeError(`decisionDelayMs must be >= 0, got ${decisionDelayMs}`);

  const toSpec = (spec: FaultSpec | string | null | undefined): FaultSpec => {
    if (spec === null || spec === undefined) return noFaults;
    if (typeof spec !== 'string') return assertFaultSpec(spec);
    const parsed = parseFaultSpec(spec);
    if (!parsed.ok) throw new RangeError(parsed.error);
    return parsed.spec;
  };
  let faults = toSpec(options.faults);

  const source = options.registry ?? demoRegistryFile;
  const loaded = typeof source === 'string' ? loadRegistryFile(source) : parseRegistry(source, '(option)');
  if (!loaded.ok) throw new Error(loaded.error);
  const people = new Map(loaded.people.map((p) => [p.idNumber, p]));

  // --- state ---------------------------------------------------------------------------------
  type Stored = { body: Submission; canonical: string; acceptedAt: string };
  const submissions = new Map<string, Stored>();
  const uids = new Map<string, UidRecord>();
  const decisions: Decision[] = [];
  const decisionBySubmission = new Map<string, Decision>();
  const confirmations = new Map<string, Confirmation>();
  const sms: SmsMessage[] = [];
  /** Send times (ms) of codes per phone, for the rate limit; not persisted (a minute is short). */
  const smsTimes = new Map<string, number[]>();
  let seq = 0;
  let pending: { id: string; dueAt: number }[] = [];

  const saved = options.stateFile === undefined ? null : loadState(options.stateFile);
  if (saved === null) {
    for (const p of loaded.people) if (p.uid !== undefined) uids.set(p.idNumber, p.uid);
  } else {
    seq = saved.seq;
    for (const [id, record] of Object.entries(saved.uids)) uids.set(id, record);
    for (const s of saved.submissions)
      submissions.set(s.body.id, { body: s.body, canonical: canonicalJson(s.body), acceptedAt: s.acceptedAt });
    for (const d of saved.decisions) {
      decisions.push(d);
      decisionBySubmission.set(d.submissionId, d);
    }
    for (const c of saved.confirmations) confirmations.set(c.id, { ...c });
    sms.push(...saved.sms);
    // The delay restarts: a decision is never made earlier than it would have been.
    const dueAt = performance.now() + decisionDelayMs;
    pending = saved.pending.filter((id) => submissions.has(id)).map((id) => ({ id, dueAt }));
  }

  const anchors = createAnchorStore(saved?.anchors ?? [], () => save());

  const save = (): void => {
    if (options.stateFile === undefined) return;
    const state: PersistedState = {
      version: 1,
      seq,
      uids: Object.fromEntries(uids),
      submissions: [...submissions.values()].map((s) => ({ body: s.body, acceptedAt: s.acceptedAt })),
      decisions,
      pending: pending.map((p) => p.id),
      confirmations: [...confirmations.values()],
      sms,
      anchors: [...anchors.all()],
    };
    writeFileAtomic(options.stateFile, `${JSON.stringify(state, null, 1)}\n`);
  };

  // --- stats ---------------------------------------------------------------------------------
  const acceptedCounts = new Map<string, number>();
  const decisionCounts = new Map<string, number>();
  const faultCounts = new Map<FaultKind, number>();
  let totalAccepted = 0;
  let totalDecisions = 0;
  let requests = 0;
  const events = new EventEmitter();
  events.setMaxListeners(0);

  const stats: CentralStats = {
    acceptedCount: (id) => acceptedCounts.get(id) ?? 0,
    get totalAccepted() {
      return totalAccepted;
    },
    decisionsCount: (id) => decisionCounts.get(id) ?? 0,
    get totalDecisions() {
      return totalDecisions;
    },
    get requests() {
      return requests;
    },
    faultCount: (kind) => faultCounts.get(kind) ?? 0,
    onDecision(listener) {
      events.on('decision', listener);
      return () => events.off('decision', listener);
    },
    waitForDecision(submissionId, timeoutMs = 10_000) {
      const existing = decisionBySubmission.get(submissionId);
      if (existing !== undefined) return Promise.resolve(existing);
      return new Promise((resolve, reject) => {
        const listener = (d: Decision): void => {
          if (d.submissionId !== submissionId) return;
          clearTimeout(timer);
          events.off('decision', listener);
          resolve(d);
        };
        const timer = setTimeout(() => {
          events.off('decision', listener);
          const where = submissions.has(submissionId) ? 'accepted, still pending' : 'never accepted';
          reject(new Error(`no decision on ${submissionId} within ${timeoutMs} ms (${where})`));
        }, timeoutMs);
        events.on('decision', listener);
      });
    },
  };

  // --- decisions -----------------------------------------------------------------------------
  let timer: NodeJS.Timeout | null = null;
  let closed = false;

  const decideOne = (id: string): Decision | null => {
    const stored = submissions.get(id);
    if (stored === undefined) return null;
    const at = now();
    const verdict = decide(stored.body, { people, uids, confirmations, today: minskDate(at), now: at.toISOString() });
    seq += 1;
    const base = { submissionId: id, cursor: String(seq).padStart(CURSOR_WIDTH, '0'), decidedAt: at.toISOString() };
    let decision: Decision;
    if (verdict.outcome === 'approved') {
      uids.set(stored.body.idNumber, verdict.effect);
      decision = { ...base, outcome: 'approved', uid: verdict.uid, temporaryPasswordSent: verdict.temporaryPasswordSent };
    } else {
      decision = { ...base, outcome: 'refused', reasons: verdict.reasons };
    }
    decisions.push(decision);
    decisionBySubmission.set(id, decision);
    decisionCounts.set(id, (decisionCounts.get(id) ?? 0) + 1);
    totalDecisions += 1;
    return decision;
  };

  const runDue = (): void => {
    timer = null;
    const t = performance.now();
    const made: Decision[] = [];
    while (pending[0] !== undefined && pending[0].dueAt <= t) {
      const head = pending.shift();
      const d = head === undefined ? null : decideOne(head.id);
      if (d !== null) made.push(d);
    }
    if (made.length > 0) save();
    // Listeners run after the save: whoever waits for a decision may read the state file at once.
    for (const d of made) events.emit('decision', d);
    schedule();
  };

  const schedule = (): void => {
    const head = pending[0];
    if (closed || timer !== null || head === undefined) return;
    timer = setTimeout(runDue, Math.max(0, head.dueAt - performance.now()));
  };

  // --- handlers ------------------------------------------------------------------------------
  const health = (): Reply => json(200, { status: 'ok', time: now().toISOString() } satisfies Health);

  const uidStatus = ({ params }: RouteContext): Reply => {
    let raw: string;
    try {
      raw = decodeURIComponent(params[0] ?? '');
    } catch {
      raw = params[0] ?? '';
    }
    const parsed = RegistryIdNumber.safeParse(raw);
    if (!parsed.success) return invalid('The identification number is malformed.', toFieldProblems(parsed.error.issues, ['idNumber']));
    const record = uids.get(parsed.data);
    const body: UidStatus =
      record === undefined
        ? { idNumber: parsed.data, state: 'none' }
        : { idNumber: parsed.data, state: record.state, phoneMasked: maskPhone(record.phone), assignedAt: record.assignedAt };
    return json(200, body);
  };

  const createConfirmation = ({ body }: RouteContext): Reply => {
    const parsed = PhoneConfirmationRequest.safeParse(body);
    if (!parsed.success) return invalid('The request body does not match the contract.', toFieldProblems(parsed.error.issues));
    const { phone } = parsed.data;
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
    sms.push({ confirmationId: confirmation.id, phone, code: confirmation.code, sentAt: confirmation.createdAt });
    save();
    return json(201, { confirmationId: confirmation.id, expiresAt: confirmation.expiresAt } satisfies PhoneConfirmationCreated);
  };

  const verify = ({ params, body }: RouteContext): Reply => {
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
    save();
    return json(200, { verified: right, attemptsLeft: CODE_TRIES - c.attempts } satisfies VerifyResult);
  };

  const submit = ({ body }: RouteContext): Reply => {
    const envelope = z.strictObject({ items: z.array(z.unknown()) }).safeParse(body);
    if (!envelope.success) return invalid('The request body does not match the contract.', toFieldProblems(envelope.error.issues));
    const items = envelope.data.items;
    if (items.length > MAX_SUBMISSIONS_PER_REQUEST) {
      return problem(413, 'too-many-items', 'Content Too Large', {
        detail: `At most ${MAX_SUBMISSIONS_PER_REQUEST} items per request; got ${items.length}.`,
      });
    }
    if (items.length === 0) {
      return invalid('At least one item is required.', [{ path: '/items', code: 'too_small', message: 'Expected at least 1 item' }]);
    }

    // Results are keyed by id: an item without a usable id cannot be answered on its own.
    const idProblems: FieldProblem[] = [];
    const ids = items.map((item, index) => {
      const raw: unknown =
        typeof item === 'object' && item !== null && !Array.isArray(item) ? (item as Record<string, unknown>)['id'] : undefined;
      const id = z.uuid().safeParse(raw);
      if (!id.success) idProblems.push(...toFieldProblems(id.error.issues, ['items', index, 'id']));
      return id.success ? id.data : '';
    });
    if (idProblems.length > 0) return invalid('Every item needs a UUID id (the idempotency key).', idProblems);

    // The same id with another body: answer 409 before touching anything, so nothing is half-done.
    const canonicals = items.map(canonicalJson);
    const firstInRequest = new Map<string, string>();
    const conflicts: FieldProblem[] = [];
    ids.forEach((id, index) => {
      const known = submissions.get(id)?.canonical ?? firstInRequest.get(id);
      const canonical = canonicals[index] ?? '';
      if (known === undefined) firstInRequest.set(id, canonical);
      else if (known !== canonical) {
        conflicts.push({
          path: `/items/${index}`,
          code: 'idempotency_conflict',
          message: `Submission ${id} was sent before with a different body`,
        });
      }
    });
    if (conflicts.length > 0) {
      const conflictingIds = [...new Set(conflicts.map((c) => ids[Number(c.path.split('/')[2])] ?? ''))];
      return problem(409, 'idempotency-conflict', 'Conflict', {
        detail: `Submission ${conflictingIds.join(', ')} was sent before with a different body; nothing in this request was processed.`,
        errors: conflicts,
        conflictingIds,
      });
    }

    const results: SubmissionResult[] = [];
    const acceptedAt = now().toISOString();
    const dueAt = performance.now() + decisionDelayMs;
    let changed = false;
    items.forEach((item, index) => {
      const id = ids[index] ?? '';
      const parsed = RegistrySubmission.safeParse(item);
      if (!parsed.success) {
        results.push({ id, status: 'rejected', problems: toFieldProblems(parsed.error.issues) });
      } else if (submissions.has(id)) {
        results.push({ id, status: 'duplicate' });
      } else {
        submissions.set(id, { body: parsed.data, canonical: canonicals[index] ?? '', acceptedAt });
        pending.push({ id, dueAt });
        acceptedCounts.set(id, (acceptedCounts.get(id) ?? 0) + 1);
        totalAccepted += 1;
        changed = true;
        results.push({ id, status: 'accepted' });
      }
    });
    if (changed) {
      save();
      schedule();
    }
    return json(200, { results } satisfies SubmissionsResponse);
  };

  const listDecisions = ({ url }: RouteContext): Reply => {
    const query = DecisionsQuery.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return invalid('The query does not match the contract.', toFieldProblems(query.error.issues));
    const { after, limit } = query.data;
    if (after !== undefined && !/^[0-9]{1,20}$/.test(after)) {
      return invalid('Unknown cursor.', [{ path: '/after', code: 'invalid_cursor', message: 'Expected a cursor from a decision' }]);
    }
    // Cursors are sequence numbers: decision n sits at index n - 1.
    const start = after === undefined ? 0 : Number(after);
    const items = decisions.slice(start, start + limit);
    const last = items[items.length - 1];
    const next = start + limit < decisions.length && last !== undefined ? last.cursor : null;
    return json(200, { items, next } satisfies DecisionsPage);
  };

  const testSms = ({ url }: RouteContext): Reply => {
    // A '+' left unencoded in a query string arrives as a space.
    const raw = url.searchParams.get('phone');
    const phone = raw === null ? undefined : raw.trim().replace(/^(?=375)/, '+');
    return json(200, { messages: state.smsMessages(phone) });
  };

  const postAnchor = ({ body }: RouteContext): Reply => {
    const outcome = anchors.record(body);
    if (outcome.status === 201) return { status: 201, headers: {}, body: '' };
    if (outcome.status === 409) return problem(409, 'anchor-conflict', 'Conflict', { detail: outcome.detail });
    return invalid(outcome.detail, outcome.errors);
  };

  const listAnchors = ({ url }: RouteContext): Reply => {
    const raw = url.searchParams.get('limit') ?? '100';
    const limit = /^[0-9]{1,3}$/.test(raw) ? Number(raw) : NaN;
    if (!(limit >= 1 && limit <= 500))
      return invalid('The query does not match the contract.', [{ path: '/limit', code: 'too_big', message: 'Expected 1..500' }]);
    return json(200, { items: anchors.list(limit) });
  };

  const routes: Route[] = [
    { pattern: /^\/v1\/audit-anchors$/, auth: true, methods: { POST: postAnchor, GET: listAnchors } },
    { pattern: /^\/v1\/health$/, auth: false, methods: { GET: health } },
    { pattern: /^\/v1\/uid\/([^/]*)$/, auth: true, methods: { GET: uidStatus } },
    { pattern: /^\/v1\/phone-confirmations$/, auth: true, methods: { POST: createConfirmation } },
    { pattern: /^\/v1\/phone-confirmations\/([^/]*)\/verify$/, auth: true, methods: { POST: verify } },
    { pattern: /^\/v1\/submissions$/, auth: true, methods: { POST: submit } },
    { pattern: /^\/v1\/decisions$/, auth: true, methods: { GET: listDecisions } },
    { pattern: /^\/_test\/sms$/, auth: false, enabled: () => exposeSms, methods: { GET: testSms } },
  ];

  const authorized = (req: IncomingMessage): boolean => {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    // Digests have equal length, so the comparison takes the same time whatever was sent.
    return m?.[1] !== undefined && timingSafeEqual(sha256(m[1]), tokenDigest);
  };

  const route = (req: IncomingMessage, url: URL, raw: Buffer | null): Reply => {
    let found: { route: Route; params: string[] } | undefined;
    for (const r of routes) {
      const m = r.enabled === undefined || r.enabled() ? r.pattern.exec(url.pathname) : null;
      if (m !== null) {
        found = { route: r, params: m.slice(1) };
        break;
      }
    }
    if (found === undefined) return problem(404, 'not-found', 'Not Found', { detail: `No resource at ${url.pathname}.` });
    const { params } = found;
    const method = req.method === 'GET' || req.method === 'POST' ? req.method : null;
    const handler = method === null ? undefined : found.route.methods[method];
    if (handler === undefined) {
      const allow = Object.keys(found.route.methods).join(', ');
      return problem(405, 'method-not-allowed', 'Method Not Allowed', {
        detail: `${req.method ?? '?'} is not allowed here; use ${allow}.`,
        headers: { Allow: allow },
      });
    }
    if (found.route.auth && !authorized(req)) {
      return problem(401, 'unauthorized', 'Unauthorized', {
        detail: 'A valid workstation bearer token is required.',
        headers: { 'WWW-Authenticate': 'Bearer realm="central"' },
      });
    }
    if (raw === null) return problem(413, 'body-too-large', 'Content Too Large', { detail: `The body exceeds ${MAX_BODY_BYTES} bytes.` });
    let body: unknown = undefined;
    if (method === 'POST') {
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/json') {
        return problem(415, 'unsupported-media-type', 'Unsupported Media Type', { detail: 'Send the body as application/json.' });
      }
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch (error) {
        return invalid(`The body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, [
          { path: '', code: 'invalid_json', message: 'Not valid JSON' },
        ]);
      }
    }
    return handler({ params, url, body });
  };

  // --- transport -----------------------------------------------------------------------------
  const readBody = (req: IncomingMessage): Promise<Buffer | null> =>
    new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
      req.on('error', reject);
    });

  const send = (res: ServerResponse, reply: Reply): void => {
    if (res.destroyed || res.socket?.destroyed === true) return;
    res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(Buffer.byteLength(reply.body)) });
    res.end(reply.body);
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    requests += 1;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const plan = url.pathname.startsWith('/_test/')
      ? { kind: null, delayMs: 0 }
      : planFault(faults, faultPrng, url.pathname === '/v1/health');
    if (plan.kind !== null) faultCounts.set(plan.kind, (faultCounts.get(plan.kind) ?? 0) + 1);
    if (plan.delayMs > 0) await delay(plan.delayMs);
    if (plan.kind === 'drop-before') {
      req.socket.destroy();
      return;
    }
    const raw = await readBody(req);
    switch (plan.kind) {
      case '500':
        return send(res, problem(500, 'internal', 'Internal Server Error', { detail: 'Injected fault.' }));
      case '503':
        return send(
          res,
          problem(503, 'unavailable', 'Service Unavailable', { detail: 'Injected fault.', headers: { 'Retry-After': '1' } }),
        );
      case '429':
        return send(res, problem(429, 'rate-limited', 'Too Many Requests', { detail: 'Injected fault.', headers: { 'Retry-After': '1' } }));
      default:
        break;
    }
    const reply = route(req, url, raw);
    if (plan.kind === 'drop-after') {
      req.socket.destroy();
      return;
    }
    if (plan.kind === 'garbage') {
      const body = GARBAGE[faultPrng.int(0, GARBAGE.length - 1)] ?? GARBAGE[0];
      return send(res, { status: 200, headers: { 'Content-Type': 'application/json' }, body });
    }
    send(res, reply);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    serve(req, res).catch((error: unknown) => {
      // A socket cut by stop() or by the client is not an error of the server.
      if (req.socket.destroyed) return;
      process.stderr.write(`central: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      send(res, problem(500, 'internal', 'Internal Server Error'));
    });
  };

  // --- listener ------------------------------------------------------------------------------
  let server: Server | null = null;
  const sockets = new Set<Socket>();
  let port = options.port ?? 0;

  const listen = async (): Promise<void> => {
    const s = createServer(onRequest);
    s.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        s.off('error', reject);
        resolve();
      });
    });
    port = (s.address() as AddressInfo).port;
    server = s;
  };

  const stop = async (): Promise<void> => {
    const s = server;
    if (s === null) return;
    server = null;
    const done = new Promise<void>((resolve) => s.close(() => resolve()));
    s.closeAllConnections();
    for (const socket of sockets) socket.destroy();
    await done;
  };

  const state: CentralState = {
    anchors: () => anchors.all(),
    uid: (idNumber) => uids.get(idNumber),
    setUid(idNumber, record) {
      if (record === undefined) uids.delete(idNumber);
      else uids.set(idNumber, UidRecord.parse(record));
      save();
    },
    submission: (id) => submissions.get(id)?.body,
    decisions: () => decisions,
    pending: () => pending.map((p) => p.id),
    confirmation: (id) => confirmations.get(id),
    smsMessages: (phone) => sms.filter((m) => phone === undefined || m.phone === phone).reverse(),
    people: () => loaded.people,
  };

  await listen();
  schedule();

  return {
    get url() {
      return `http://127.0.0.1:${port}/`;
    },
    get port() {
      return port;
    },
    get listening() {
      return server !== null;
    },
    stats,
    state,
    stop,
    async start() {
      if (closed) throw new Error('central server: start() after close()');
      if (server === null) await listen();
    },
    async close() {
      closed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await stop();
    },
    setFaults(spec) {
      faults = toSpec(spec);
    },
  };
}
