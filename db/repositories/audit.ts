/**
 * The audit log: append-only (triggers refuse UPDATE and DELETE) and hash-chained. Each row's
 * hash covers the previous row's hash and the row's own content, and `audit_head` remembers the
 * last row, so editing, deleting, reordering or truncating rows is detected by `verifyAuditChain`.
 *
 * The chain is keyed (issue 15): once the app has converted it (`meta.audit_chain` =
 * 'hmac-sha256', main/audit-chain.ts), each hash is an HMAC-SHA-256 under a key derived from the
 * data key (db/crypto.ts `deriveAuditChainKey`), so someone who can write the file but lacks the
 * key cannot recompute the chain. The app registers the key on its connection
 * (`useAuditChainKey`); appends on a keyed chain without it are refused (a bug, not a state).
 * Before the conversion the chain is plain SHA-256. The head is also anchored in the registry at
 * each sync (main/sync/anchors.ts), which makes even a keyed rewrite of old rows detectable.
 *
 * PERSONAL DATA NEVER GOES INTO AN AUDIT ROW. `subject` and `details` are written by callers,
 * who must put in only ids, masked identifiers (e.g. 3**********PB5), setting keys, counts and
 * codes — never names, birth dates, document or phone numbers. Rows cannot be purged later.
 */
import { createHash, createHmac } from 'node:crypto';
import { auditActions, type AuditAction } from '../../preload/contract/audit';
import type { AuditEntry, AuditVerification } from '../../preload/contract/schemas';
import type { Knex } from 'knex';
import type { Db, SqlRow } from '../types';
import { insertOf, type Sql, type WriteSession } from '../write-session';
import { checkHead, checkRow } from './audit-checks';
import { scrubAuditDetails, scrubAuditText } from './audit-text';
import { readMeta } from './meta';

export const GENESIS_HASH = '0'.repeat(64);
/** Rows per page when walking the whole log (also the rewrite, audit-rechain.ts). */
export const VERIFY_PAGE = 5000;
/** Exactly `Date.prototype.toISOString()`: keeps `at` comparable as text for date filters. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface AuditInput {
  /** `new Date().toISOString()` (UTC). */
  at: string;
  actorId: string | null;
  actorLogin: string | null;
  action: AuditAction;
  /** An id or masked identifier — never personal data. */
  subject: string | null;
  /** Non-personal facts only (see the module comment). */
  details: Record<string, unknown>;
}

export interface AuditFilter {
  actorId?: string;
  action?: string;
  /** Inclusive UTC dates, YYYY-MM-DD. */
  from?: string;
  to?: string;
  /** Or instants (ISO UTC), half-open: fromAt <= at < toAt — for days of another calendar (Minsk). */
  fromAt?: string;
  toAt?: string;
  /** Paging: entries with seq below this one. */
  beforeSeq?: number;
  limit: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `beforeSeq` for the next (older) page; null when this was the last page. */
  nextBeforeSeq: number | null;
}

/** Exported for the sibling modules (audit-rechain.ts, audit-anchors.ts), not for callers. */
export interface AuditDbRow {
  seq: number;
  at: string;
  actor_id: string | null;
  actor_login: string | null;
  action: string;
  subject: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

export interface HeadDbRow {
  id: number;
  seq: number;
  hash: string;
}

export type HashedFields = Omit<AuditEntry, 'hash'>;

// The one place where this table's snake_case meets camelCase (the insert below writes the
// same fields from `HashedFields`).
export function fromDb(row: AuditDbRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actorId: row.actor_id,
    actorLogin: row.actor_login,
    action: row.action,
    subject: row.subject,
    details: parseDetails(row.details),
    hash: row.hash,
  };
}

export function toDb(fields: HashedFields, prevHash: string, hash: string): AuditDbRow {
  return {
    seq: fields.seq,
    at: fields.at,
    actor_id: fields.actorId,
    actor_login: fields.actorLogin,
    action: fields.action,
    subject: fields.subject,
    details: canonicalJson(fields.details),
    prev_hash: prevHash,
    hash,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseDetails(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (!isPlainObject(value)) throw new Error('audit_log.details is not a JSON object');
  return value;
}

/** JSON with object keys sorted at every level, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (isPlainObject(value)) {
    const parts: string[] = [];
    for (const key of Object.keys(value).sort()) {
      const v = value[key];
      if (v !== undefined) parts.push(`${JSON.stringify(key)}:${canonicalJson(v)}`);
    }
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function auditHash(prevHash: string, fields: HashedFields): string {
  const { seq, at, actorId, actorLogin, action, subject, details } = fields;
  const body = canonicalJson({ seq, at, actorId, actorLogin, action, subject, details });
  return createHash('sha256').update(`${prevHash}\n${body}`).digest('hex');
}

/** `meta` key naming the chain's hash; absent = plain SHA-256 (before the conversion). */
export const AUDIT_CHAIN_META = 'audit_chain';
export const KEYED_CHAIN = 'hmac-sha256';

/** The keyed chain: HMAC-SHA-256 over the same text `auditHash` hashes. */
export function keyedAuditHash(key: Buffer): ChainHash {
  return (prevHash, fields) => {
    const { seq, at, actorId, actorLogin, action, subject, details } = fields;
    const body = canonicalJson({ seq, at, actorId, actorLogin, action, subject, details });
    return createHmac('sha256', key).update(`${prevHash}\n${body}`).digest('hex');
  };
}

/**
 * Chain keys by connection. knex shares one `client.config` object between an instance and every
 * transaction opened from it, so a key registered on the app's knex also applies inside its
 * transactions, and a test's separate connection to another file never sees it.
 */
const chainKeys = new WeakMap<object, Buffer>();
const connectionOf = (db: Db): object => db.client.config as object;

/** From now on this connection appends and verifies with the keyed chain. */
export function useAuditChainKey(db: Db, key: Buffer): void {
  chainKeys.set(connectionOf(db), key);
}

export async function isAuditChainKeyed(db: Db): Promise<boolean> {
  return (await readMeta(db, AUDIT_CHAIN_META)) === KEYED_CHAIN;
}

/** The hash this connection chains with; a keyed chain without its key is a programming error. */
export async function chainHashOf(db: Db): Promise<ChainHash> {
  const key = chainKeys.get(connectionOf(db));
  if (key) return keyedAuditHash(key);
  if (await isAuditChainKeyed(db)) throw new Error('the audit chain is keyed: call useAuditChainKey() with the data key first');
  return auditHash;
}

/**
 * Appends one row. Callers that also write other rows pass their transaction, so the state
 * change and its audit row commit together; given the plain knex it opens its own.
 */
export async function appendAudit(db: Db, entry: AuditInput): Promise<AuditEntry> {
  const [appended] = await appendAudits(db, [entry]);
  if (!appended) throw new Error('appendAudits returned no row');
  return appended;
}

/** Rows of one multi-row INSERT: 10 columns each, well under SQLite's bound-variable limit. */
const AUDIT_INSERT_CHUNK = 200;

/**
 * Appends several entries in order inside the caller's transaction: the head is read once, the
 * chain computed in memory, the rows inserted in chunks and the head moved once. The same rows
 * and hashes as calling `appendAudit` for each, at a fraction of the statements (sync applies
 * hundreds of decisions at a time).
 */
export async function appendAudits(db: Db, entries: readonly AuditInput[]): Promise<AuditEntry[]> {
  if (entries.length === 0) return [];
  if (!db.isTransaction) return db.transaction((trx) => appendAudits(trx, entries));
  const chainHash = await chainHashOf(db);
  const tip: unknown = await db.raw(AUDIT_TIP_SQL);
  const chained = chainAudits(chainHash, tipOf(Array.isArray(tip) ? (tip[0] as unknown) : undefined), entries);
  for (let i = 0; i < chained.rows.length; i += AUDIT_INSERT_CHUNK) {
    await db<AuditDbRow>('audit_log').insert(chained.rows.slice(i, i + AUDIT_INSERT_CHUNK));
  }
  const head = headUpsert(chained.head);
  await db.raw(head.sql, [...head.bindings] as Knex.RawBinding[]);
  return chained.entries;
}

/**
 * The same as `appendAudits`, in a write session (db/write-session.ts) and with the chain's hash
 * given (`chainHashOf`, asked before the session: it may read `meta`).
 */
export async function appendAuditsIn(session: WriteSession, chainHash: ChainHash, entries: readonly AuditInput[]): Promise<AuditEntry[]> {
  if (entries.length === 0) return [];
  const [tip] = await session.all({ sql: AUDIT_TIP_SQL, bindings: [] });
  const chained = chainAudits(chainHash, tipOf(tip), entries);
  // Row by row: one statement text, prepared once, whatever the count.
  for (const row of chained.rows) await session.run(insertOf('audit_log', { ...row }));
  await session.run(headUpsert(chained.head));
  return chained.entries;
}

/** The head and the last row in one statement (one round trip on every create). */
const AUDIT_TIP_SQL = `SELECT h.seq AS head_seq, h.hash AS head_hash, l.seq AS last_seq, l.hash AS last_hash
  FROM (SELECT 1) LEFT JOIN audit_head AS h ON h.id = 1
  LEFT JOIN (SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1) AS l`;

interface Tip {
  prevHash: string;
  seq: number;
}

function tipOf(row: unknown): Tip {
  const field = (name: string): unknown => (typeof row === 'object' && row !== null && name in row ? (row as SqlRow)[name] : null);
  const text = (name: string) => (typeof field(name) === 'string' ? String(field(name)) : null);
  const count = (name: string) => (typeof field(name) === 'number' ? Number(field(name)) : 0);
  // The head, not the last row, is the chain's tip: if rows were deleted, continuing from the
  // head keeps the gap visible instead of silently healing it. The max() keeps appends working
  // even if someone inserted rows behind the app's back (verification will still report them).
  return { prevHash: text('head_hash') ?? text('last_hash') ?? GENESIS_HASH, seq: Math.max(count('head_seq'), count('last_seq')) };
}

interface Chained {
  rows: AuditDbRow[];
  entries: AuditEntry[];
  head: Tip;
}

/** Checks the entries and computes their hashes after the tip, in memory. */
function chainAudits(chainHash: ChainHash, tip: Tip, entries: readonly AuditInput[]): Chained {
  let { prevHash, seq } = tip;
  const rows: AuditDbRow[] = [];
  const out: AuditEntry[] = [];
  for (const entry of entries) {
    if (!(auditActions as readonly string[]).includes(entry.action)) throw new Error(`unknown audit action: ${entry.action}`);
    if (!ISO_INSTANT.test(entry.at)) throw new Error(`audit "at" must be an ISO UTC timestamp, got ${entry.at}`);
    if (!isPlainObject(entry.details)) throw new Error('audit details must be an object');
    seq += 1;
    const fields: HashedFields = {
      seq,
      at: entry.at,
      actorId: entry.actorId,
      actorLogin: entry.actorLogin,
      action: entry.action,
      // Whatever a caller passes, a row never keeps an ID number, a phone or a long text (issue 15).
      subject: entry.subject === null ? null : scrubAuditText(entry.subject),
      // After the JSON round trip (a Date becomes its string, undefined goes), so the scrub sees what is stored.
      details: scrubAuditDetails(parseDetails(JSON.stringify(entry.details))) as Record<string, unknown>,
    };
    const hash = chainHash(prevHash, fields);
    rows.push(toDb(fields, prevHash, hash));
    out.push({ ...fields, hash });
    prevHash = hash;
  }
  return { rows, entries: out, head: { prevHash, seq } };
}

/** Moves the head to the last row appended. */
const headUpsert = (head: Tip): Sql => ({
  sql: 'INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
  bindings: [head.seq, head.prevHash],
});

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function checkDate(name: string, value: string | undefined): void {
  if (value !== undefined && (!ISO_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00.000Z`)))) {
    throw new RangeError(`${name} must be YYYY-MM-DD, got ${value}`);
  }
}

/** Newest first. Dates are UTC days, because `at` is stored in UTC. */
export async function listAudit(db: Db, filter: AuditFilter): Promise<AuditPage> {
  const { limit } = filter;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a positive integer, got ${limit}`);
  checkDate('from', filter.from);
  checkDate('to', filter.to);

  const query = db<AuditDbRow>('audit_log').select('*');
  if (filter.actorId !== undefined) query.where('actor_id', filter.actorId);
  if (filter.action !== undefined) query.where('action', filter.action);
  if (filter.from !== undefined) query.where('at', '>=', filter.from);
  if (filter.to !== undefined) query.where('at', '<', nextDay(filter.to));
  if (filter.fromAt !== undefined) query.where('at', '>=', filter.fromAt);
  if (filter.toAt !== undefined) query.where('at', '<', filter.toAt);
  if (filter.beforeSeq !== undefined) query.where('seq', '<', filter.beforeSeq);
  // One extra row tells whether an older page exists without a count(*).
  const rows = await query.orderBy('seq', 'desc').limit(limit + 1);

  const entries = rows.slice(0, limit).map(fromDb);
  const more = rows.length > limit;
  return { entries, nextBeforeSeq: more ? (entries[entries.length - 1]?.seq ?? null) : null };
}

export interface VerifyOptions {
  /** Default: the connection's chain (`chainHashOf`). */
  hash?: ChainHash;
  /** Check sequence, links and head only: for a keyed chain whose key is not at hand (the CLI). */
  linksOnly?: boolean;
}

/**
 * Walks the whole log in seq order, a page at a time (memory stays flat whatever the length), and
 * reports the first broken row. `rows` counts the rows found sound before the break.
 * Runs in one read transaction so concurrent appends cannot make a sound log look broken.
 */
export async function verifyAuditChain(db: Db, options: VerifyOptions = {}): Promise<AuditVerification> {
  if (!db.isTransaction) return db.transaction((trx) => verifyAuditChain(trx, options));
  const hash = options.linksOnly ? null : (options.hash ?? (await chainHashOf(db)));

  let prevSeq = 0;
  let prevHash = GENESIS_HASH;
  let verified = 0;
  for (;;) {
    const page = await db<AuditDbRow>('audit_log').select('*').where('seq', '>', prevSeq).orderBy('seq').limit(VERIFY_PAGE);
    for (const row of page) {
      const problem = checkRow(row, prevSeq, prevHash, verified, hash);
      if (problem) return problem;
      prevSeq = row.seq;
      prevHash = row.hash;
      verified++;
    }
    if (page.length < VERIFY_PAGE) break;
  }
  const head = await db<HeadDbRow>('audit_head').where('id', 1).first();
  const problem = checkHead(head, prevSeq, prevHash, verified);
  if (problem) return problem;
  return { ok: true, rows: verified, headHash: verified === 0 ? null : prevHash };
}

/** Every entry about one subject (an application, a clerk), oldest first: its history. */
export async function listAuditBySubject(db: Db, subject: string, limit = 500): Promise<AuditEntry[]> {
  const rows = await db<AuditDbRow>('audit_log').where({ subject }).orderBy('seq', 'asc').limit(limit);
  return rows.map(fromDb);
}

/** A chain's hash function: plain SHA-256 (`auditHash`) or keyed (`keyedAuditHash`). */
export type ChainHash = (prevHash: string, fields: HashedFields) => string;
