/**
 * Input fuzzing (issue 6): thousands of random and mutated inputs to every channel over the HTTP
 * transport, as every role (active and idle-locked) and as a caller without a session, plus raw
 * bodies (non-JSON, wrong content types, arrays, numbers, null, deep nesting, NUL, lone
 * surrogates, invalid UTF-8, 1 MB strings, bodies over the limit, `__proto__`/`constructor`
 * keys, broken percent-encoding in the channel path) sent to the endpoint with node:http.
 *
 * What must hold for every call:
 *  - the answer is JSON and either a clean error — `{ok: false, error: {code, message}}` with a
 *    code of the contract, never `internal`, and a non-empty Russian message without a stack
 *    trace, an exception name or SQL — or a value that parses with the channel's output schema;
 *    a `validation` answer names at least one field, each with a Russian message without a stack
 *    or SQL (zod's defaults are Russian too: preload/contract/zod-locale.ts);
 *  - who may call comes first: without a session a non-public channel answers `unauthenticated`,
 *    a role outside the permission `forbidden`, an idle-locked session `session_locked` (unless
 *    the channel answers while locked), whatever the input;
 *  - a rejected call changes nothing: when the answer is `unauthenticated`, `forbidden`,
 *    `validation`, `session_locked` or `unknown_channel`, a snapshot of the whole database taken
 *    before the call equals the one taken after it. The snapshot covers every table listed in
 *    sqlite_master (audit_log and audit_head included) and the schema itself: per table the row
 *    count and a SHA-256 of every row (rowid and every column, `quote()`d, in rowid order), so
 *    any inserted, deleted or changed row shows. Business failures may change the database and
 *    that is legitimate: a wrong password at `auth.login`/`auth.unlock`/`auth.changePassword` writes an
 *    `auth.login_failed` audit row and counts the attempt, an unknown login is audited too;
 *  - the process survives: after each property `app.info` still answers over HTTP, nothing
 *    polluted Object.prototype, and at the end the audit chain verifies.
 *
 * Side effects outside the database are kept out of the way: the in-process app has no registry
 * address (phone.sendCode, citizens.lookup, sync.now answer at once), no printer (devices.testLabel
 * answers device_unavailable), no print dialog; settings that would start I/O (registry address,
 * serial ports, retention period) are never sent valid. Passwords of the seeded accounts are never
 * known to the fuzz, so no fuzzed call logs in, changes or resets them; a call that ends or locks a
 * caller's session (auth.logout, five wrong passwords at auth.unlock or auth.changePassword) is followed by a re-login
 * (moving the test clock past the account lock-out when needed), never by skipping channels.
 *
 * Seeds are fixed: FUZZ_SEED (default 20261123) is the base, channel number i runs with base + i and
 * the raw-body property with base − 1; fast-check prints the seed and path of a failing run. The
 * app's state carries over from run to run, so a replay is closest with the same base seed.
 */
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain, type Db } from '../../db';
import { LOCKOUT_MINUTES, lockIdleSessions } from '../../main/services/auth';
import {
  channelNames,
  channels,
  errorCodes,
  isChannelName,
  mayCall,
  permissions,
  roles,
  type ChannelName,
  type ErrorCode,
  type Role,
} from '../../preload/contract';
import { rawRequest, type RawAnswer } from '../harness';
import { APPLICATION, malformed, UUID, wellFormed } from '../support/channel-inputs';
import { ADMIN, seedRoles, startInProcess, type InProcess } from '../support/in-process';

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);
/** Per channel; with the raw-body runs and the re-logins that is well over 3000 calls. */
const RUNS_PER_CHANNEL = 60;
/** Channels that hash a password (scrypt, ~0.1 s) on every well-shaped input get fewer runs. */
const SLOW_CHANNELS: ReadonlySet<ChannelName> = new Set([
  'setup.createAdmin',
  'auth.login',
  'auth.unlock',
  'auth.changePassword',
  'clerks.create',
  'clerks.resetPassword',
]);
const RUNS_PER_SLOW_CHANNEL = 40;
const RAW_RUNS = 600;
const MAX_BODY = 1024 * 1024;

/** Answers after which the database must be exactly as before. */
const REJECTED: ReadonlySet<string> = new Set<ErrorCode>([
  'unauthenticated',
  'forbidden',
  'validation',
  'session_locked',
  'unknown_channel',
]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// --- callers ---------------------------------------------------------------------------------

const PASSWORDS: Record<Role, string> = { admin: ADMIN.password, supervisor: 'supervisor-password-1', clerk: 'clerk-password-1' };
const LOGINS: Record<Role, string> = { admin: ADMIN.login, supervisor: 'supervisor', clerk: 'clerk' };

type CallerName = 'anonymous' | Role | `${Role}/locked`;

interface Caller {
  name: CallerName;
  /** null: must have no session. */
  role: Role | null;
  /** The session is kept idle-locked. */
  locked: boolean;
  cookie: string;
  /** The client's token, sent with the cookie as a page does. */
  token: string;
  clientId: string;
}

const callerArb = fc.oneof(
  { weight: 1, arbitrary: fc.constant<CallerName>('anonymous') },
  { weight: 6, arbitrary: fc.constantFrom<CallerName>('clerk', 'supervisor', 'admin') },
  { weight: 3, arbitrary: fc.constantFrom<CallerName>('clerk/locked', 'supervisor/locked', 'admin/locked') },
);

/** Every caller, but more often one the channel lets through, so inputs get past the permission check. */
function callerFor(channel: ChannelName): fc.Arbitrary<CallerName> {
  const allowed: CallerName[] = roles.filter((r) => mayCall(channel, r));
  if (permissions[channel].access === 'public') allowed.push('anonymous');
  return allowed.length === 0
    ? callerArb
    : fc.oneof({ weight: 1, arbitrary: callerArb }, { weight: 1, arbitrary: fc.constantFrom(...allowed) });
}

// --- values the mutations put in -----------------------------------------------------------------

/** Numbers as JSON text (JSON has no NaN): the body carries the literal, e.g. `1e999` parses as Infinity. */
const NUMBER_MARK = '\u0001num\u0001';
const numberLiteral = (literal: string) => `${NUMBER_MARK}${literal}${NUMBER_MARK}`;
const unmarkNumbers = (text: string) => text.replace(/"\\u0001num\\u0001([-+.eE0-9]+)\\u0001num\\u0001"/g, '$1');

const MEGA = 1_000_000;
const specialStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\ufeff',
  '\u202eевд',
  '\u200b',
  'е\u0301',
  '😀',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  'true',
  '0',
  '-1',
  '__proto__',
  'constructor',
  "' OR '1'='1",
  "'); DROP TABLE clerks; --",
  '"; SELECT * FROM audit_log; --',
  '<script>alert(1)</script>',
  '${7*7}',
  '%00',
  '../../../etc/passwd',
  'C:\\Windows\\system32',
  '\r\n\t',
  '０１２３４５６７８９',
  'ИВАНОВ',
  'Іван Ўладзіміравіч',
  UUID,
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  '2026-02-30',
  '2026-11-23T09:00:00Z',
  '9999-12-31',
  '0000-01-01',
  '+375291234567',
  '+37529123456',
  '80291234567',
  '3270287A012PB2',
  '3270287А012РВ2',
];

const weirdNumber = fc.constantFrom(1e308, -1e308, -0, 2 ** 53, -(2 ** 53), 2 ** 53 + 2, 2 ** 31, 2 ** 32, -1, 0, 1, 0.5, 5e-324, 1e21);
const weirdNumberText = fc
  .constantFrom('-0', '1e999', '-1e999', '1E400', '1e-400', '123456789012345678901234567890', '9007199254740993', '1.0', '-0.0', '2e1')
  .map(numberLiteral);

function nest(depth: number, kind: 'object' | 'array'): Json {
  let v: Json = kind === 'object' ? {} : [];
  for (let i = 0; i < depth; i++) v = kind === 'object' ? { a: v } : [v];
  return v;
}

/** A key no channel's schema knows, or one that tempts prototype pollution. */
const unknownKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'valueOf',
    '',
    ' ',
    'extra',
    'Id',
    'ROLE',
    'a.b',
    '0',
  ),
  fc.string({ maxLength: 12 }).map((s) => `x${s}`),
);

const leafValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  weirdNumber,
  weirdNumberText,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 24 }),
  fc.string({ unit: 'binary', maxLength: 24 }),
  fc.constantFrom(...specialStrings),
);

const weirdValue: fc.Arbitrary<Json> = fc.oneof(
  { weight: 8, arbitrary: leafValue },
  { weight: 2, arbitrary: fc.array(leafValue, { maxLength: 5 }) },
  { weight: 2, arbitrary: fc.dictionary(unknownKey, leafValue, { maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => v as Json) },
  {
    weight: 1,
    arbitrary: fc
      .record({ depth: fc.integer({ min: 20, max: 3000 }), kind: fc.constantFrom<'object' | 'array'>('object', 'array') })
      .map(({ depth, kind }) => nest(depth, kind)),
  },
);

// --- mutations -------------------------------------------------------------------------------

const stringEdits = [
  'nul',
  'surrogate',
  'pad',
  'long',
  'mega',
  'upper',
  'lower',
  'cyrillic',
  'rtl',
  'zero-width',
  'combining',
  'emoji',
  'empty',
  'truncate',
  'sql',
  'newline',
  'fullwidth',
] as const;
type StringEdit = (typeof stringEdits)[number];

type Op =
  | { kind: 'drop'; at: number }
  | { kind: 'add'; at: number; key: string; value: Json }
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'edit'; at: number; edit: StringEdit; n: number }
  | { kind: 'wrap'; at: number; how: 'array' | 'object' }
  | { kind: 'known'; at: number; n: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: unknownKey, value: weirdValue }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: weirdValue }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      at: fc.nat(),
      edit: fc.oneof({ weight: 1, arbitrary: fc.constant<StringEdit>('mega') }, { weight: 30, arbitrary: fc.constantFrom(...stringEdits) }),
      n: fc.nat(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('wrap' as const), at: fc.nat(), how: fc.constantFrom<'array' | 'object'>('array', 'object') }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('known' as const), at: fc.nat(), n: fc.nat() }) },
);

/** What is sent to one channel: a base (its well-formed or malformed input, or random JSON) and edits. */
interface Plan {
  base: 'well' | 'malformed' | 'random';
  random: Json;
  ops: Op[];
}

const planArb: fc.Arbitrary<Plan> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ base: fc.constant('well' as const), random: fc.constant(null), ops: fc.constant<Op[]>([]) }) },
  {
    weight: 7,
    arbitrary: fc.record({
      base: fc.constant('well' as const),
      random: fc.constant(null),
      ops: fc.array(opArb, { minLength: 1, maxLength: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ base: fc.constant('malformed' as const), random: fc.constant(null), ops: fc.array(opArb, { maxLength: 2 }) }),
  },
  { weight: 2, arbitrary: fc.record({ base: fc.constant('random' as const), random: weirdValue, ops: fc.array(opArb, { maxLength: 1 }) }) },
);

const isObject = (v: Json | undefined): v is { [key: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);
const clone = (v: Json): Json => JSON.parse(JSON.stringify(v)) as Json;
/** An own property even for `__proto__` (plain assignment would set the prototype instead). */
const setOwn = (o: { [key: string]: Json }, key: string, value: Json) =>
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });

type Path = Array<string | number>;

function pathsOf(v: Json, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (prefix.length >= 6 || out.length > 100) return out;
  if (Array.isArray(v)) v.slice(0, 8).forEach((x, i) => pathsOf(x, [...prefix, i], out));
  else if (isObject(v)) for (const k of Object.keys(v)) pathsOf(v[k] ?? null, [...prefix, k], out);
  return out;
}

/** Replaces the value at `path` (undefined: removes it); returns the new root. */
function update(root: Json | undefined, path: Path, f: (v: Json | undefined) => Json | undefined): Json | undefined {
  if (path.length === 0) return f(root);
  let parent: Json | undefined = root;
  for (const key of path.slice(0, -1))
    parent = Array.isArray(parent) ? parent[Number(key)] : isObject(parent) ? parent[String(key)] : undefined;
  const last = path[path.length - 1] ?? '';
  if (Array.isArray(parent)) {
    const next = f(parent[Number(last)]);
    if (next === undefined) parent.splice(Number(last), 1);
    else parent[Number(last)] = next;
  } else if (isObject(parent)) {
    const next = f(parent[String(last)]);
    if (next === undefined) delete parent[String(last)];
    else setOwn(parent, String(last), next);
  }
  return root;
}

const LOOKALIKES: Record<string, string> = {
  A: 'А',
  B: 'В',
  E: 'Е',
  K: 'К',
  M: 'М',
  H: 'Н',
  O: 'О',
  P: 'Р',
  C: 'С',
  T: 'Т',
  X: 'Х',
  a: 'а',
  e: 'е',
  o: 'о',
};

function editString(s: string, edit: StringEdit, n: number): string {
  const at = s.length === 0 ? 0 : n % (s.length + 1);
  const insert = (x: string) => s.slice(0, at) + x + s.slice(at);
  switch (edit) {
    case 'nul':
      return insert('\u0000');
    case 'surrogate':
      return insert(n % 2 ? '\ud800' : '\udfff');
    case 'pad':
      return ` \t${s}\u00a0 `;
    case 'long':
      return (s || 'я').repeat(Math.ceil((200 + (n % 5000)) / Math.max(1, s.length)));
    case 'mega':
      return s + 'x'.repeat(MEGA);
    case 'upper':
      return s.toUpperCase();
    case 'lower':
      return s.toLowerCase();
    case 'cyrillic':
      return s.replace(/[ABEKMHOPCTXaeo]/g, (c) => LOOKALIKES[c] ?? c);
    case 'rtl':
      return `\u202e${s}`;
    case 'zero-width':
      return insert('\u200b');
    case 'combining':
      return insert('\u0301');
    case 'emoji':
      return insert('👨‍👩‍👧');
    case 'empty':
      return '';
    case 'truncate':
      return s.slice(0, at);
    case 'sql':
      return `${s}' OR '1'='1`;
    case 'newline':
      return `${s}\r\n`;
    case 'fullwidth':
      return s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
  }
}

function applyOp(root: Json | undefined, op: Op, known: readonly string[]): Json | undefined {
  if (root === undefined) return op.kind === 'add' ? setOwn({}, op.key, op.value) : root;
  const paths = pathsOf(root);
  const path = paths[op.at % paths.length] ?? [];
  switch (op.kind) {
    case 'drop':
      return update(root, path, () => undefined);
    case 'add':
      return update(root, path, (v) => (isObject(v) ? setOwn(v, op.key, op.value) : setOwn({}, op.key, op.value)));
    case 'replace':
      return update(root, path, () => op.value);
    case 'edit':
      return update(root, path, (v) => editString(typeof v === 'string' ? v : JSON.stringify(v ?? null), op.edit, op.n));
    case 'wrap':
      return update(root, path, (v) => (op.how === 'array' ? [v ?? null] : { value: v ?? null }));
    case 'known':
      // An id this run has really created (a fuzzed clerk or application), so calls reach real rows.
      return update(
        root,
        path,
        () => known[op.n % Math.max(1, known.length)] ?? `00000000-0000-4000-8000-${op.n.toString(16).padStart(12, '0').slice(-12)}`,
      );
  }
}

/** The request body for a plan: JSON text, '' when the mutations removed the whole input. */
function materialize(channel: ChannelName, plan: Plan, known: readonly string[]): string {
  const base =
    plan.base === 'well' ? (wellFormed[channel] as Json) : plan.base === 'malformed' ? (malformed[channel].input as Json) : plan.random;
  let value: Json | undefined = clone(base);
  for (const op of plan.ops) value = applyOp(value, op, known);
  return value === undefined ? '' : unmarkNumbers(JSON.stringify(value));
}

/**
 * Keeps valid inputs from starting I/O the fuzz cannot wait for: a valid registry address would
 * make the sync worker dial out, a serial port would be opened, a new retention period starts a
 * purge in the background (which would land between two snapshots).
 */
function tame(channel: ChannelName, body: string): string {
  if (channel !== 'settings.update') return body;
  const parsed = channels['settings.update'].input.safeParse(body === '' ? {} : JSON.parse(body));
  if (!parsed.success) return body;
  const risky = ['registryUrl', 'reader', 'printer', 'retentionDays'].some((k) => Object.hasOwn(parsed.data, k));
  return risky ? JSON.stringify(wellFormed['settings.update']) : body;
}

// --- raw requests ----------------------------------------------------------------------------

interface RawPlan {
  caller: CallerName;
  channel: ChannelName;
  /** The path after /api/ exactly as sent; null: the channel's own name. */
  path: string | null;
  body: string | Uint8Array;
  contentType: string | null;
  chunked: boolean;
  transport:
    'ok' | 'no-cookie' | 'forged-cookie' | 'no-header' | 'wrong-header' | 'foreign-origin' | 'null-origin' | 'no-token' | 'foreign-token';
}

const junkPaths = [
  '%',
  '%E0%A4%A',
  '%zz',
  '%00',
  '%C0%AF',
  '%ED%A0%80',
  'app.info%00',
  'app.info/',
  'APP.INFO',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '',
  'app.info?x=1',
  'app%2Einfo',
  '..%2F..%2Fetc%2Fpasswd',
  '%D0%BE%D0%BA%D0%BD%D0%BE',
  'a'.repeat(4000),
];

/** JSON text of the channel's well-formed input with something bolted on. */
const wellText = (channel: ChannelName) => JSON.stringify(wellFormed[channel]);
const withKeyFirst = (text: string, member: string) => (text === '{}' ? `{${member}}` : `{${member},${text.slice(1)}`);

function rawBodyArb(channel: ChannelName): fc.Arbitrary<string | Uint8Array> {
  const well = wellText(channel);
  return fc.oneof(
    // Valid JSON that is not an object.
    fc.constantFrom('[]', '[{}]', '42', '-0', '1e999', 'null', 'true', 'false', '"str"', '""', '"\\u0000"', '"\\ud800"', `[${well}]`),
    // Not JSON at all, or almost.
    fc.constantFrom(
      '{',
      '}',
      '{]',
      "{'a':1}",
      '{a:1}',
      'NaN',
      'undefined',
      '<xml/>',
      'a=1&b=2',
      `\ufeff${well}`,
      well.slice(0, -1),
      `${well}${well}`,
      `${well},`,
    ),
    fc.string({ maxLength: 64 }),
    fc.uint8Array({ maxLength: 256 }),
    // Deep nesting, up to the body limit.
    fc.integer({ min: 1, max: 400_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
    fc.integer({ min: 1, max: 150_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
    fc.integer({ min: 1, max: 100_000 }).map((n) => withKeyFirst(well, `"x":${'['.repeat(n)}${']'.repeat(n)}`)),
    // Prototype pollution attempts, alone and with a valid input.
    fc.constantFrom(
      '{"__proto__":{"polluted":"yes"}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      withKeyFirst(well, '"__proto__":{"polluted":"yes"}'),
      withKeyFirst(well, '"constructor":{"prototype":{"polluted":"yes"}}'),
      '{"__proto__":null}',
      '{"__proto__":[]}',
      '[{"__proto__":{"polluted":"yes"}}]',
    ),
    // NUL, lone surrogates, invalid UTF-8 inside otherwise valid JSON.
    fc.constantFrom('\\u0000', '\\ud800', '\\udfff\\ud800', 'a\\u0000b', '\u0000').map((s) => withKeyFirst(well, `"x":"${s}"`)),
    fc
      .constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x00])
      .map((bytes) =>
        Buffer.concat([Buffer.from('{"x":"a'), Buffer.from(bytes), Buffer.from(well === '{}' ? 'b"}' : `b",${well.slice(1)}`)]),
      ),
    // Strings of 1 MB (just under the limit) and bodies over it.
    fc.constant(withKeyFirst(well, `"x":"${'x'.repeat(MEGA)}"`)),
    fc.integer({ min: MAX_BODY + 1, max: 3 * MAX_BODY }).map((n) => `{"x":"${'y'.repeat(n)}"}`),
    fc.constant(`{"x":"${'я'.repeat(MAX_BODY / 2)}"}`),
    fc.constant(''),
    fc.constant(well),
  );
}

const rawPlanArb: fc.Arbitrary<RawPlan> = fc.constantFrom(...channelNames).chain((channel) =>
  fc.record({
    caller: callerArb,
    channel: fc.constant(channel),
    path: fc.oneof(
      { weight: 6, arbitrary: fc.constant(null) },
      { weight: 2, arbitrary: fc.constantFrom(...junkPaths) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 16 }).map(encodeURIComponent) },
    ),
    body: rawBodyArb(channel),
    contentType: fc.constantFrom(
      null,
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=----x',
      'application/octet-stream',
      'application/json; charset=utf-16',
    ),
    chunked: fc.boolean(),
    transport: fc.oneof(
      { weight: 12, arbitrary: fc.constant('ok' as const) },
      {
        weight: 3,
        arbitrary: fc.constantFrom<RawPlan['transport']>(
          'no-cookie',
          'forged-cookie',
          'no-header',
          'wrong-header',
          'foreign-origin',
          'null-origin',
          'no-token',
          'foreign-token',
        ),
      },
    ),
  }),
);

// --- the app, its callers, snapshots ---------------------------------------------------------

let env: InProcess;
const callers = new Map<CallerName, Caller>();
/** Ids of clerks and applications the fuzz itself created (never the seeded accounts). */
const known: string[] = [];
/** Field messages without a Russian word (zod's English defaults), by channel and field. */
const untranslated = new Map<string, string>();
const stats = { calls: 0, restores: 0, businessWrites: 0, byCaller: {} as Record<string, number>, byCode: {} as Record<string, number> };

const sessionOf = (c: Caller) => env.app.sessions.current(c.clientId);

const clientIdOf = (cookie: string) => cookie.split('=')[1]?.split('.')[0] ?? '';

/** Login and logout move the caller to a new client (a new cookie; the old one is void): follow it. */
function adopt(c: Caller, r: RawAnswer): RawAnswer {
  const set = 'error' in r ? undefined : r.setCookie.find((v) => v.startsWith('okno_client_'));
  if (set && !('error' in r)) {
    c.cookie = set.split(';')[0] ?? '';
    c.token = r.token ?? '';
    c.clientId = clientIdOf(c.cookie);
  }
  return r;
}

async function post(c: Caller, channel: string, body: string): Promise<RawAnswer> {
  return adopt(
    c,
    await rawRequest(env.http.url, {
      path: `/api/${channel}`,
      headers: { 'Content-Type': 'application/json', 'X-Okno-Request': '1', 'X-Okno-Token': c.token, Cookie: c.cookie },
      body,
    }),
  );
}

async function callOk(c: Caller, channel: ChannelName, input: unknown): Promise<{ ok: boolean; code?: string }> {
  const r = await post(c, channel, JSON.stringify(input));
  if ('error' in r) throw new Error(`${channel} as ${c.name}: ${r.error}`);
  const a = JSON.parse(r.text) as { ok: boolean; error?: { code: string } };
  return { ok: a.ok, code: a.error?.code };
}

/** Logs a seeded caller in; an account locked by fuzzed wrong passwords is waited out on the test clock. */
/** The caller itself (not a copy): login moves it to a new cookie, which it keeps. */
async function login(c: Caller, role: Role): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const r = await callOk(c, 'auth.login', { login: LOGINS[role], password: PASSWORDS[role] });
    if (r.ok) return;
    // A locked account answers like a wrong password (issue 15); the password here is the right one.
    if (r.code !== 'invalid_credentials') throw new Error(`re-login of ${c.name} failed: ${r.code}`);
    env.clock.advance((LOCKOUT_MINUTES + 1) * 60_000);
  }
  throw new Error(`re-login of ${c.name} failed`);
}

const inDesiredState = (c: Caller): boolean => {
  const s = sessionOf(c);
  if (c.role === null) return s === null;
  return s !== null && s.role === c.role && s.state === (c.locked ? 'locked' : 'active');
};

/** Puts every caller back: anonymous has no session, the others are logged in, the "/locked" ones idle-locked. */
async function restore(): Promise<void> {
  stats.restores++;
  for (const c of callers.values()) {
    const s = sessionOf(c);
    if (c.role === null) {
      if (s) await callOk(c, 'auth.logout', {});
    } else if (!s || s.role !== c.role) await login(c, c.role);
  }
  // Only the idle timer locks a session: move the clock past the idle limit and do the timer's work once.
  if ([...callers.values()].some((c) => c.locked && sessionOf(c)?.state !== 'locked')) {
    env.clock.advance(env.app.sessions.idleMinutes() * 60_000 + 1000);
    await lockIdleSessions(env.app.deps);
  }
  for (const c of callers.values()) {
    if (c.role === null || c.locked || sessionOf(c)?.state !== 'locked') continue;
    const r = await callOk(c, 'auth.unlock', { password: PASSWORDS[c.role] });
    if (!r.ok) await login(c, c.role);
  }
  for (const c of callers.values()) if (!inDesiredState(c)) throw new Error(`could not restore the session of ${c.name}`);
}

async function rows(db: Db, sql: string, bindings: readonly string[] = []): Promise<Array<Record<string, unknown>>> {
  const result: unknown = await db.raw(sql, bindings);
  return Array.isArray(result) ? (result as Array<Record<string, unknown>>) : [];
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** One statement that reads every row of every table (and the schema) as one string per table. */
async function snapshotSql(db: Db): Promise<string> {
  const tables = await rows(
    db,
    `SELECT m.name AS name, l.wr AS wr FROM sqlite_master m JOIN pragma_table_list l ON l.name = m.name AND l.schema = 'main'
     WHERE m.type = 'table' AND (m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' OR m.name = 'sqlite_sequence') ORDER BY m.name`,
  );
  const parts: string[] = [];
  for (const t of tables) {
    const name = String(t.name);
    const columns = (await rows(db, 'SELECT name FROM pragma_table_info(?) ORDER BY cid', [name])).map(
      (c) => `quote(${ident(String(c.name))})`,
    );
    const withRowid = Number(t.wr) === 0;
    const row = [...(withRowid ? ['quote(rowid)'] : []), ...columns].join(` || char(31) || `);
    parts.push(
      `SELECT ${literal(name)} AS t, count(*) AS n, group_concat(${row}, char(30) ORDER BY ${withRowid ? 'rowid' : row}) AS body FROM ${ident(name)}`,
    );
  }
  parts.push(
    `SELECT 'sqlite_master' AS t, count(*) AS n, group_concat(type || char(31) || name || char(31) || coalesce(sql, ''), char(30) ORDER BY type, name) AS body FROM sqlite_master`,
  );
  return parts.join('\nUNION ALL\n');
}

let snapshotQuery = '';
type Snapshot = Record<string, string>;

async function snapshot(): Promise<Snapshot> {
  const out: Snapshot = {};
  for (const r of await rows(env.app.deps.db, snapshotQuery)) {
    out[String(r.t)] = `${String(r.n)}:${createHash('sha256')
      .update(String(r.body ?? ''))
      .digest('hex')}`;
  }
  return out;
}

const changedTables = (a: Snapshot, b: Snapshot) => Object.keys({ ...a, ...b }).filter((k) => a[k] !== b[k]);

// --- checking one answer ---------------------------------------------------------------------

/** Never in a message or a field message: a stack, an exception's name, SQL. */
const STACK_OR_SQL =
  /TypeError|ReferenceError|RangeError|SyntaxError|URIError|Error:|\n\s*at |\bat .+:\d+:\d+|SQLITE|knex|\bselect\b.+\bfrom\b|\binsert into\b|\bupdate\b.+\bset\b|\bdelete from\b|ZodError/i;
/** Never in the message the clerk reads first: it is Russian prose. */
const JS_NOISE = /undefined|NaN|\[object |null/;

interface Expected {
  status: number;
  /** The channel the path names (null: none), for the output schema. */
  channel: string | null;
  /** The codes allowed; null: any clean error or a valid value. */
  codes: readonly string[] | null;
}

type Answer = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; fields?: Record<string, unknown> } };

/** What the router must answer whatever the input: the session and role come before the input. */
function refusalFor(channel: string, c: Caller): ErrorCode | null {
  if (!isChannelName(channel)) return 'unknown_channel';
  const permission = permissions[channel];
  if (permission.access === 'public') return null;
  const s = sessionOf(c);
  if (!s) return 'unauthenticated';
  if (!mayCall(channel, s.role)) return 'forbidden';
  if (s.state === 'locked' && !permission.whileLocked) return 'session_locked';
  return null;
}

/** Problems with one HTTP answer; [] when it is a clean error or a valid result. */
function problemsOf(r: RawAnswer, want: Expected): { problems: string[]; code: string | null } {
  if ('error' in r) return { problems: [`no answer: ${r.error}`], code: null };
  const problems: string[] = [];
  if (r.status !== want.status) problems.push(`HTTP ${r.status}, expected ${want.status}`);
  if (!r.contentType.startsWith('application/json')) problems.push(`content type ${r.contentType}`);
  let a: Answer;
  try {
    a = JSON.parse(r.text) as Answer;
  } catch {
    return { problems: [...problems, `not JSON: ${preview(r.text)}`], code: null };
  }
  if (typeof a !== 'object' || a === null || typeof a.ok !== 'boolean') return { problems: [...problems, 'not a result'], code: null };
  if (a.ok) {
    if (want.codes !== null) problems.push(`answered ok, expected ${want.codes.join('|')}`);
    if (want.channel === null || !isChannelName(want.channel)) problems.push('ok for something that is not a channel');
    else {
      const parsed = channels[want.channel].output.safeParse(a.value);
      if (!parsed.success) problems.push(`value outside the output schema: ${parsed.error.message.slice(0, 300)}`);
    }
    return { problems, code: 'ok' };
  }
  const error: Partial<Extract<Answer, { ok: false }>['error']> = typeof a.error === 'object' && a.error !== null ? a.error : {};
  const { message, fields } = error;
  const code = String(error.code);
  if (!(errorCodes as readonly string[]).includes(code)) problems.push(`unknown code ${code}`);
  if (code === 'internal') problems.push('internal error');
  if (want.codes !== null && !want.codes.includes(code)) problems.push(`code ${code}, expected ${want.codes.join('|')}`);
  if (typeof message !== 'string' || message.trim() === '') problems.push('empty message');
  else {
    if (!/[А-Яа-яЁё]/.test(message)) problems.push(`message not Russian: ${preview(message)}`);
    if (STACK_OR_SQL.test(message) || JS_NOISE.test(message)) problems.push(`unclean message: ${preview(message)}`);
  }
  // The router names at least one field for every input it refuses; only the transport's 413 has none.
  if (code === 'validation' && r.status === 200 && (typeof fields !== 'object' || fields === null || Object.keys(fields).length === 0))
    problems.push('validation without a field');
  if (fields !== undefined) {
    if (typeof fields !== 'object' || fields === null) problems.push('fields not an object');
    else
      for (const [k, v] of Object.entries(fields)) {
        if (typeof v !== 'string' || v.trim() === '') problems.push(`field ${k}: empty message`);
        else if (STACK_OR_SQL.test(v)) problems.push(`field ${k}: unclean message ${preview(v)}`);
        // Where a schema sets no message zod's own is used, in Russian (preload/contract/zod-locale.ts).
        else if (!/[А-Яа-яЁёІіЎў]/.test(v)) {
          untranslated.set(`${want.channel ?? '?'} ${k}`, v);
          problems.push(`field ${k}: message not Russian: ${preview(v)}`);
        }
      }
  }
  return { problems, code };
}

function preview(text: string | Uint8Array): string {
  const s = typeof text === 'string' ? text : `bytes ${Buffer.from(text).toString('hex')}`;
  return s.length > 300 ? `${s.slice(0, 200)}…(${s.length} chars)…${s.slice(-40)}` : s;
}

function count(c: Caller, code: string | null) {
  stats.calls++;
  stats.byCaller[c.name] = (stats.byCaller[c.name] ?? 0) + 1;
  stats.byCode[code ?? 'no-answer'] = (stats.byCode[code ?? 'no-answer'] ?? 0) + 1;
}

/** Learns the ids the fuzz created, so later mutations can aim at real rows. */
function learn(channel: string, r: RawAnswer) {
  if ((channel !== 'clerks.create' && channel !== 'applications.create') || 'error' in r) return;
  const a = JSON.parse(r.text) as { ok: boolean; value?: { id?: unknown } };
  if (a.ok && typeof a.value?.id === 'string' && known.length < 200) known.push(a.value.id);
}

let before: Snapshot | null = null;

/**
 * One fuzzed call with every check. `send` does the request; `expected` gives, for the caller's
 * state just before the call, the status and the codes allowed (null: any clean answer).
 */
async function fuzzCall(
  callerName: CallerName,
  describeCall: () => string,
  expected: (c: Caller) => Expected,
  send: (c: Caller) => Promise<RawAnswer>,
): Promise<void> {
  const c = callers.get(callerName);
  if (!c) throw new Error(`no caller ${callerName}`);
  if (![...callers.values()].every(inDesiredState)) {
    await restore();
    before = null;
  }
  before ??= await snapshot();
  const want = expected(c);
  const r = await send(c);
  const { problems, code } = problemsOf(r, want);
  count(c, code);
  const after = await snapshot();
  const changed = changedTables(before, after);
  if (code !== null && REJECTED.has(code) && changed.length > 0) problems.push(`rejected with ${code} but changed ${changed.join(', ')}`);
  else if (changed.length > 0) stats.businessWrites++;
  if (Object.hasOwn(Object.prototype, 'polluted')) problems.push('Object.prototype polluted');
  before = after;
  if (code === 'ok') learn(want.channel ?? '', r);
  if (problems.length > 0) {
    const answer = 'error' in r ? r.error : `HTTP ${r.status} ${preview(r.text)}`;
    throw new Error(`${describeCall()} as ${c.name}:\n  ${problems.join('\n  ')}\n  answer: ${answer}`);
  }
}

async function assertAlive(): Promise<void> {
  const c = callers.get('anonymous');
  if (!c) throw new Error('no anonymous caller');
  const r = await post(c, 'app.info', '{}');
  expect('error' in r ? r.error : r.status).toBe(200);
  if (!('error' in r)) expect(channels['app.info'].output.safeParse((JSON.parse(r.text) as { value: unknown }).value).success).toBe(true);
}

beforeAll(async () => {
  env = await startInProcess();
  const byRole = await seedRoles(env);
  const add = async (name: CallerName, role: Role | null, locked: boolean, client?: { cookie: string; token: string }) => {
    const { cookie, token } = client ?? (await env.client());
    callers.set(name, { name, role, locked, cookie, token, clientId: clientIdOf(cookie) });
  };
  await add('anonymous', null, false);
  for (const role of roles) {
    await add(role, role, false, byRole[role]);
    await add(`${role}/locked`, role, true);
  }
  await restore();
  stats.restores = 0;
  snapshotQuery = await snapshotSql(env.app.deps.db);
  // An application of the seeded clerk, so reads and state changes have a real row to find.
  const clerk = callers.get('clerk');
  if (clerk) {
    const r = await post(clerk, 'applications.create', JSON.stringify(APPLICATION));
    if (!('error' in r)) learn('applications.create', r);
  }
}, 60_000);

afterAll(async () => {
  const codes = Object.entries(stats.byCode)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const byCaller = Object.entries(stats.byCaller)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const notes = [...untranslated].slice(0, 3).map(([k, v]) => `${k}: ${v}`);
  console.log(
    `fuzz: ${stats.calls} calls (seed ${SEED}); by caller: ${byCaller}; by code: ${codes}; re-logins: ${stats.restores}; ` +
      `calls that changed the db: ${stats.businessWrites}; untranslated field messages: ${untranslated.size} (${notes.join('; ')})`,
  );
  await env?.close();
});

describe('fuzzing every channel over HTTP', () => {
  it('the snapshot sees a row changed in place and nothing else', async () => {
    const db = env.app.deps.db;
    const start = await snapshot();
    await db.raw(`UPDATE clerks SET full_name = full_name || '.' WHERE login = 'clerk'`);
    const changed = await snapshot();
    await db.raw(`UPDATE clerks SET full_name = substr(full_name, 1, length(full_name) - 1) WHERE login = 'clerk'`);
    expect(changedTables(start, changed)).toEqual(['clerks']);
    expect(await snapshot()).toEqual(start);
    expect(Object.keys(start)).toEqual(
      expect.arrayContaining(['audit_log', 'audit_head', 'clerks', 'applications', 'settings', 'sqlite_master']),
    );
  });

  it.each(channelNames.map((channel, i) => [channel, i] as const))(
    '%s: random and mutated inputs, every caller',
    async (channel, index) => {
      await fc.assert(
        fc.asyncProperty(callerFor(channel), planArb, async (callerName, plan) => {
          const body = tame(channel, materialize(channel, plan, known));
          await fuzzCall(
            callerName,
            () => `${channel} ${preview(body)}`,
            (c) => {
              // The transport refuses a body over its limit before the router sees who calls.
              if (Buffer.byteLength(body) > MAX_BODY) return { status: 413, channel, codes: ['validation'] };
              const refusal = refusalFor(channel, c);
              return { status: 200, channel, codes: refusal === null ? null : [refusal] };
            },
            (c) => post(c, channel, body),
          );
        }),
        { numRuns: SLOW_CHANNELS.has(channel) ? RUNS_PER_SLOW_CHANNEL : RUNS_PER_CHANNEL, seed: SEED + index, endOnFailure: true },
      );
      await assertAlive();
    },
    60_000,
  );

  it('raw bodies, content types, paths and transport headers', async () => {
    await fc.assert(
      fc.asyncProperty(rawPlanArb, async (plan) => {
        const path = plan.path ?? plan.channel;
        await fuzzCall(
          plan.caller,
          () =>
            `POST /api/${preview(path)} (${plan.transport}, ${plan.contentType ?? 'no type'}${plan.chunked ? ', chunked' : ''}) ${preview(plan.body)}`,
          (c) => rawExpectation(plan, path, c),
          (c) => {
            const headers: Record<string, string> = {};
            if (plan.contentType !== null) headers['Content-Type'] = plan.contentType;
            if (plan.transport !== 'no-header') headers['X-Okno-Request'] = plan.transport === 'wrong-header' ? 'true' : '1';
            if (plan.transport !== 'no-cookie')
              headers.Cookie = plan.transport === 'forged-cookie' ? c.cookie.replace(/.$/, (x) => (x === 'A' ? 'B' : 'A')) : c.cookie;
            if (plan.transport === 'foreign-origin') headers.Origin = 'http://evil.example';
            if (plan.transport === 'null-origin') headers.Origin = 'null';
            // The cookie replayed without its token (from a page on another port), or with another client's.
            if (plan.transport !== 'no-token')
              headers['X-Okno-Token'] =
                plan.transport === 'foreign-token' ? ([...callers.values()].find((o) => o.token !== c.token)?.token ?? '') : c.token;
            return rawRequest(env.http.url, { path: `/api/${path}`, headers, body: plan.body, chunked: plan.chunked }).then((r) =>
              adopt(c, r),
            );
          },
        );
      }),
      { numRuns: RAW_RUNS, seed: SEED - 1, endOnFailure: true },
    );
    await assertAlive();
  }, 120_000);

  it('leaves a running app and an intact audit chain', async () => {
    await assertAlive();
    const verified = await verifyAuditChain(env.app.deps.db);
    expect(verified).toMatchObject({ ok: true });
    expect(stats.calls).toBeGreaterThanOrEqual(3000);
  });
});

/** What the transport must answer to one raw request, worked out as the server should. */
function rawExpectation(plan: RawPlan, path: string, c: Caller): Expected {
  if (plan.transport !== 'ok') return { status: 401, channel: null, codes: ['unauthenticated'] };
  const bytes = typeof plan.body === 'string' ? Buffer.byteLength(plan.body) : plan.body.length;
  if (bytes > MAX_BODY) return { status: 413, channel: null, codes: ['validation'] };
  const text = typeof plan.body === 'string' ? plan.body : Buffer.from(plan.body).toString('utf8');
  let channel: string | null;
  try {
    channel = decodeURIComponent(new URL(`/api/${path}`, 'http://127.0.0.1').pathname.slice('/api/'.length));
  } catch {
    channel = null;
  }
  if (text.trim() !== '') {
    try {
      JSON.parse(text);
    } catch {
      return { status: 200, channel, codes: ['validation'] };
    }
  }
  if (channel === null) return { status: 200, channel, codes: ['unknown_channel'] };
  const refusal = refusalFor(channel, c);
  return { status: 200, channel, codes: refusal === null ? null : [refusal] };
}
