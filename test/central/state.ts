/**
 * The reference registry's state: what it holds in memory (UIDs, submissions, decisions, pending
 * ids, phone confirmations, sent SMS, audit anchors), loading it from and saving it to the state
 * file, and the read-mostly view tests get as `central.state`.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { z } from 'zod';
import { AuditAnchor, Decision, IdNumber, Phone, Submission } from '../../main/central/schemas';
import { RosterEntry, StoredRosterEntry } from '../../main/central/roster-schemas';
import { type AnchorStore, createAnchorStore } from './anchors';
import { createRosterStore, type RosterStore } from './roster';
import type { Confirmation } from './decide';
import { type RegistryPerson, UidRecord } from './registry';

export type SmsMessage = { confirmationId: string; phone: string; code: string; sentAt: string };

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
  /** One office's roster entry as the registry holds it. */
  rosterEntry(officeCode: string, login: string): StoredRosterEntry | undefined;
  /** Test setup: another desk's change, as a PUT would make it (also while the listener is down). */
  putRosterEntry(officeCode: string, entry: RosterEntry, baseVersion: number): StoredRosterEntry;
}

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
  duplicatePending: z.array(z.uuid()).optional(),
  // Contract 1.1, the offices' clerk rosters (roster.ts); absent in older state files.
  roster: z
    .object({
      seq: z.number().int().min(0),
      records: z.array(z.object({ officeCode: z.string(), seq: z.number().int().min(1), entry: StoredRosterEntry })),
    })
    .optional(),
});
type PersistedState = z.infer<typeof PersistedState>;

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

/** A submission as accepted; `canonical` is what a resend with the same id must equal. */
export type StoredSubmission = { body: Submission; canonical: string; acceptedAt: string };
/** `dueAt` is on performance.now()'s clock. */
export type PendingDecision = { id: string; dueAt: number };

/** The mutable state the handlers share; whoever changes it calls save(). */
export interface RegistryStore {
  readonly submissions: Map<string, StoredSubmission>;
  readonly uids: Map<string, UidRecord>;
  /** In cursor order: decision n sits at index n - 1. */
  readonly decisions: Decision[];
  readonly decisionBySubmission: Map<string, Decision>;
  readonly confirmations: Map<string, Confirmation>;
  readonly sms: SmsMessage[];
  /** In submission order. */
  readonly pending: PendingDecision[];
  readonly anchors: AnchorStore;
  /** Submissions accepted while another of the same procedure for the same person was undecided: refused DUPLICATE_PENDING. */
  readonly duplicatePending: Set<string>;
  /** Test-only (not saved): the feed serves these decisions transformed (a malformed item, another UID). */
  readonly tampered: Map<string, (decision: Decision) => unknown>;
  readonly roster: RosterStore;
  /** The cursor of the last decision. */
  seq: number;
  /** Writes the state file, when there is one (temp file + rename). */
  save(): void;
}

export function createStore(options: {
  stateFile: string | undefined;
  people: readonly RegistryPerson[];
  decisionDelayMs: number;
}): RegistryStore {
  const { stateFile } = options;
  const saved = stateFile === undefined ? null : loadState(stateFile);
  const store: RegistryStore = {
    submissions: new Map(),
    uids: new Map(),
    decisions: [],
    decisionBySubmission: new Map(),
    confirmations: new Map(),
    sms: [],
    pending: [],
    anchors: createAnchorStore(saved?.anchors ?? [], () => store.save()),
    duplicatePending: new Set(saved?.duplicatePending ?? []),
    tampered: new Map(),
    roster: createRosterStore(saved?.roster, () => store.save()),
    seq: 0,
    save() {
      if (stateFile === undefined) return;
      const state: PersistedState = {
        version: 1,
        seq: store.seq,
        uids: Object.fromEntries(store.uids),
        submissions: [...store.submissions.values()].map((s) => ({ body: s.body, acceptedAt: s.acceptedAt })),
        decisions: store.decisions,
        pending: store.pending.map((p) => p.id),
        confirmations: [...store.confirmations.values()],
        sms: store.sms,
        anchors: [...store.anchors.all()],
        duplicatePending: [...store.duplicatePending],
        roster: { seq: store.roster.seq, records: [...store.roster.all()] },
      };
      writeFileAtomic(stateFile, `${JSON.stringify(state, null, 1)}\n`);
    },
  };

  if (saved === null) {
    for (const p of options.people) if (p.uid !== undefined) store.uids.set(p.idNumber, p.uid);
    return store;
  }
  store.seq = saved.seq;
  for (const [id, record] of Object.entries(saved.uids)) store.uids.set(id, record);
  for (const s of saved.submissions)
    store.submissions.set(s.body.id, { body: s.body, canonical: canonicalJson(s.body), acceptedAt: s.acceptedAt });
  for (const d of saved.decisions) {
    store.decisions.push(d);
    store.decisionBySubmission.set(d.submissionId, d);
  }
  for (const c of saved.confirmations) store.confirmations.set(c.id, { ...c });
  store.sms.push(...saved.sms);
  // The delay restarts: a decision is never made earlier than it would have been.
  const dueAt = performance.now() + options.decisionDelayMs;
  store.pending.push(...saved.pending.filter((id) => store.submissions.has(id)).map((id) => ({ id, dueAt })));
  return store;
}

export function stateView(store: RegistryStore, people: readonly RegistryPerson[]): CentralState {
  return {
    anchors: () => store.anchors.all(),
    rosterEntry: (officeCode, login) => store.roster.entry(officeCode, login),
    putRosterEntry(officeCode, entry, baseVersion) {
      const outcome = store.roster.put(officeCode, RosterEntry.parse(entry), baseVersion, new Date().toISOString());
      if (outcome.status !== 200) throw new Error(`putRosterEntry: version ${outcome.current.version}, not ${baseVersion}`);
      return outcome.entry;
    },
    uid: (idNumber) => store.uids.get(idNumber),
    setUid(idNumber, record) {
      if (record === undefined) store.uids.delete(idNumber);
      else store.uids.set(idNumber, UidRecord.parse(record));
      store.save();
    },
    submission: (id) => store.submissions.get(id)?.body,
    decisions: () => store.decisions,
    pending: () => store.pending.map((p) => p.id),
    confirmation: (id) => store.confirmations.get(id),
    smsMessages: (phone) => store.sms.filter((m) => phone === undefined || m.phone === phone).reverse(),
    people: () => people,
  };
}
