/**
 * The reference central registry (test/central/) over real HTTP on 127.0.0.1: every refusal reason
 * of every procedure, approvals and the UID state they leave, idempotency, problem documents, the
 * SMS flow, decision paging, injected faults, stop/start, the state file and the CLI. Decisions are
 * awaited through `stats.waitForDecision` (an event), never a sleep.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  Decision,
  DecisionsPage,
  Health,
  PhoneConfirmationCreated,
  Problem,
  SubmissionsResponse,
  UidStatus,
  VerifyResult,
  type Procedure,
  type RefusalReason,
} from '../../main/central/schemas';
import { computeCheckDigit } from '../../preload/contract/check-digit';
import { checkIdNumber } from '../../preload/contract/id-number';
import { loadDemoPeople } from '../central/demo-people';
import { faultKinds, parseFaultSpec, type FaultKind } from '../central/faults';
import type { RegistryPerson } from '../central/registry';
import { startCentralServer, type CentralServer, type CentralServerOptions } from '../central/server';
import { projectRoot } from '../harness';

// --- people --------------------------------------------------------------------------------

/** A valid identification number from its first 13 characters. */
const idn = (first13: string): string => `${first13}${computeCheckDigit(first13)}`;
/** The same number with its check digit (character 14) wrong: one more, mod 10. */
const badCheckDigit = (id: string): string => `${id.slice(0, 13)}${(Number(id.slice(13)) + 1) % 10}`;

const NEW = {
  idNumber: idn('3150385M001PB'),
  surname: 'Ковалёв',
  givenNames: 'Андрей',
  patronymic: 'Николаевич',
  birthDate: '1985-03-15',
  sex: 'M',
  citizenship: 'BLR',
} as const;
const ACTIVE = {
  idNumber: idn('3030378A045PB'),
  surname: 'Шевчук',
  givenNames: 'Дмитрий',
  patronymic: 'Александрович',
  birthDate: '1978-03-03',
  sex: 'M',
  citizenship: 'BLR',
} as const;
const BLOCKED = {
  idNumber: idn('4250969E033PB'),
  surname: 'Жук',
  givenNames: 'Светлана',
  birthDate: '1969-09-25',
  sex: 'F',
  citizenship: 'BLR',
} as const;
type TestPerson = typeof NEW | typeof ACTIVE | typeof BLOCKED;

const ACTIVE_PHONE = '+375291234567';
const BLOCKED_PHONE = '+375336543210';
const FREE_PHONE = '+375447001122';
const OTHER_FREE_PHONE = '+375255009988';

/** Every person has the same four documents, told apart by number (series + 7 digits). */
const documents = (n: number) =>
  ({
    valid: { type: 'passport_by', series: 'MP', number: `${n}000001`, expiresAt: '2031-04-11' },
    expired: { type: 'passport_by', series: 'MP', number: `${n}000002`, expiresAt: '2026-03-01' },
    lost: { type: 'id_card_by', number: `MC${n}000003`, expiresAt: '2032-01-01', invalid: true },
    expiresToday: { type: 'id_card_by', number: `MC${n}000004`, expiresAt: '2026-03-02' },
  }) as const;
type DocumentKind = keyof ReturnType<typeof documents>;
const docsOf = (who: TestPerson) => documents(who === NEW ? 1 : who === ACTIVE ? 2 : 3);

const registry: RegistryPerson[] = [
  { ...NEW, documents: Object.values(docsOf(NEW)) },
  {
    ...ACTIVE,
    documents: Object.values(docsOf(ACTIVE)),
    uid: { state: 'active', phone: ACTIVE_PHONE, assignedAt: '2023-05-12T09:30:00+03:00' },
  },
  {
    ...BLOCKED,
    documents: Object.values(docsOf(BLOCKED)),
    uid: { state: 'blocked', phone: BLOCKED_PHONE, assignedAt: '2021-06-17T14:20:00+03:00' },
  },
];

// --- HTTP ----------------------------------------------------------------------------------

type Res = { status: number; headers: IncomingHttpHeaders; text: string; json: unknown };

/** One connection per request (no pooling), so a dropped socket or a restart never leaks into the next call. */
function call(
  base: string,
  method: string,
  path: string,
  options: { body?: unknown; raw?: string; token?: string | null | undefined; contentType?: string } = {},
): Promise<Res> {
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? 'dev-token' : options.token;
  if (token !== null) headers['Authorization'] = `Bearer ${token}`;
  if (payload !== undefined) {
    headers['Content-Type'] = options.contentType ?? 'application/json';
    headers['Content-Length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, base), { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function parse<S extends z.ZodType>(schema: S, res: Res): z.infer<S> {
  const r = schema.safeParse(res.json);
  if (!r.success) throw new Error(`${res.status} body does not match: ${res.text}\n${r.error.message}`);
  return r.data;
}

function expectProblem(res: Res, status: number): Problem {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const p = parse(Problem, res);
  expect(p.status).toBe(status);
  expect(p.type).toMatch(/^https:\/\//);
  return p;
}

// --- the server under test -----------------------------------------------------------------

let clock = 0;
const START = Date.parse('2026-03-02T07:00:00Z'); // 10:00 in Minsk; "today" is 2026-03-02
let central: CentralServer;
const extra: CentralServer[] = [];
const dirs: string[] = [];

async function startServer(options: CentralServerOptions = {}): Promise<CentralServer> {
  const s = await startCentralServer({ registry, decisionDelayMs: 0, exposeSms: true, seed: 42, now: () => new Date(clock), ...options });
  extra.push(s);
  return s;
}

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'okno-central-'));
  dirs.push(d);
  return d;
}

beforeEach(async () => {
  clock = START;
  central = await startServer();
});
afterEach(async () => {
  await Promise.all(extra.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const get = (path: string, token?: string | null) => call(central.url, 'GET', path, { token });
const post = (path: string, body: unknown, token?: string | null) => call(central.url, 'POST', path, { body, token });

async function confirmPhone(phone: string, server: CentralServer = central): Promise<string> {
  const created = parse(PhoneConfirmationCreated, await call(server.url, 'POST', 'v1/phone-confirmations', { body: { phone } }));
  const sms = await call(server.url, 'GET', `_test/sms?phone=${encodeURIComponent(phone)}`, { token: null });
  const code = (sms.json as { messages: { confirmationId: string; code: string }[] }).messages.find(
    (m) => m.confirmationId === created.confirmationId,
  )?.code;
  expect(code).toMatch(/^[0-9]{6}$/);
  const verified = parse(
    VerifyResult,
    await call(server.url, 'POST', `v1/phone-confirmations/${created.confirmationId}/verify`, { body: { code } }),
  );
  expect(verified.verified).toBe(true);
  return created.confirmationId;
}

type Confirm = 'sms' | 'deferred' | 'none' | 'unverified' | 'other-phone' | 'unknown';
type Make = {
  phone?: string;
  confirm?: Confirm;
  document?: DocumentKind | Record<string, unknown>;
  person?: Record<string, unknown>;
  idNumber?: string;
};

/** A well-formed submission; for issue and change_phone the phone is confirmed by SMS unless told. */
async function make(
  procedure: Procedure,
  who: TestPerson,
  m: Make = {},
  server: CentralServer = central,
): Promise<Record<string, unknown>> {
  const { idNumber, ...person } = who;
  const docs = docsOf(who);
  const chosen = typeof m.document === 'object' ? m.document : docs[m.document ?? 'valid'];
  const { invalid: _registryOnly, ...document } = chosen as Record<string, unknown>;
  const item: Record<string, unknown> = {
    id: randomUUID(),
    procedure,
    idNumber: m.idNumber ?? idNumber,
    person: { ...person, ...m.person },
    document,
    consentToVerification: true,
    officeCode: 'MINSK-01',
    workstationId: 'ws-07',
    clerkId: 'clerk-3',
    signedAt: '2026-03-02T09:55:00+03:00',
  };
  if (procedure === 'issue' || procedure === 'change_phone') {
    const phone = m.phone ?? FREE_PHONE;
    item['phone'] = phone;
    switch (m.confirm ?? 'sms') {
      case 'sms':
        item['phoneConfirmation'] = { method: 'sms_code', confirmationId: await confirmPhone(phone, server) };
        break;
      case 'deferred':
        item['phoneConfirmation'] = { method: 'deferred' };
        break;
      case 'unverified': {
        const created = parse(PhoneConfirmationCreated, await call(server.url, 'POST', 'v1/phone-confirmations', { body: { phone } }));
        item['phoneConfirmation'] = { method: 'sms_code', confirmationId: created.confirmationId };
        break;
      }
      case 'other-phone':
        item['phoneConfirmation'] = { method: 'sms_code', confirmationId: await confirmPhone(OTHER_FREE_PHONE, server) };
        break;
      case 'unknown':
        item['phoneConfirmation'] = { method: 'sms_code', confirmationId: randomUUID() };
        break;
      case 'none':
        break;
    }
  }
  return item;
}

const idOf = (item: Record<string, unknown>): string => String(item['id']);

async function submit(items: Record<string, unknown>[], server: CentralServer = central) {
  return parse(SubmissionsResponse, await call(server.url, 'POST', 'v1/submissions', { body: { items } }));
}

/** Submits one item, expects it accepted, and returns its decision (checked against the schema). */
async function decideOne(item: Record<string, unknown>, server: CentralServer = central): Promise<Decision> {
  const { results } = await submit([item], server);
  expect(results).toEqual([{ id: idOf(item), status: 'accepted' }]);
  return Decision.parse(await server.stats.waitForDecision(idOf(item)));
}

/** The UID itself (the person's pending and recent applications, 1.1, have tests of their own). */
async function uidOf(idNumber: string, server: CentralServer = central) {
  const { pending: _pending, recent: _recent, ...uid } = parse(UidStatus, await call(server.url, 'GET', `v1/uid/${idNumber}`));
  return uid;
}

// --- tests ---------------------------------------------------------------------------------

describe('the test people', () => {
  it('have valid identification numbers that agree with birth date and sex', () => {
    for (const p of [NEW, ACTIVE, BLOCKED]) {
      expect(checkIdNumber(p.idNumber)).toMatchObject({ ok: true, birthDate: p.birthDate, sex: p.sex });
    }
  });
});

describe('refusals: every reason of every procedure', () => {
  const notAssigned: RefusalReason[] = ['UID_NOT_ASSIGNED'];
  /** The person for whom the procedure would be approved, and what an unknown person adds. */
  const base: Record<Procedure, { who: TestPerson; unknownAdds: RefusalReason[] }> = {
    issue: { who: NEW, unknownAdds: [] },
    block: { who: ACTIVE, unknownAdds: notAssigned },
    unblock: { who: BLOCKED, unknownAdds: notAssigned },
    change_phone: { who: ACTIVE, unknownAdds: notAssigned },
    reset_password: { who: ACTIVE, unknownAdds: notAssigned },
  };
  const unknownId = idn('3141182M090PB');
  /** Pattern and check digit right (central-api.yaml accepts it), but there is no 31 February. */
  const impossibleDateId = idn('3310287A012PB');

  type Case = [string, Procedure, TestPerson, Make, RefusalReason[]];
  const common: Case[] = (Object.keys(base) as Procedure[]).flatMap((procedure): Case[] => {
    const { who, unknownAdds } = base[procedure];
    return [
      [`${procedure}: surname differs`, procedure, who, { person: { surname: 'Другой' } }, ['VERIFICATION_MISMATCH']],
      [`${procedure}: given names differ`, procedure, who, { person: { givenNames: 'Иван' } }, ['VERIFICATION_MISMATCH']],
      [`${procedure}: patronymic differs`, procedure, who, { person: { patronymic: 'Петрович' } }, ['VERIFICATION_MISMATCH']],
      [`${procedure}: birth date differs`, procedure, who, { person: { birthDate: '1990-01-01' } }, ['VERIFICATION_MISMATCH']],
      [
        `${procedure}: document not theirs`,
        procedure,
        who,
        { document: { type: 'passport_by', series: 'MP', number: '7777777', expiresAt: '2031-01-01' } },
        ['VERIFICATION_MISMATCH'],
      ],
      [
        `${procedure}: unknown identification number`,
        procedure,
        who,
        { idNumber: unknownId, person: { birthDate: '1982-11-14' } },
        [...unknownAdds, 'VERIFICATION_MISMATCH'],
      ],
      [`${procedure}: expired document`, procedure, who, { document: 'expired' }, ['DOCUMENT_EXPIRED']],
      [
        `${procedure}: expiry on the form in the past`,
        procedure,
        who,
        { document: { ...docsOf(who).valid, expiresAt: '2026-02-28' } },
        ['DOCUMENT_EXPIRED'],
      ],
      [`${procedure}: document declared invalid`, procedure, who, { document: 'lost' }, ['DOCUMENT_INVALID']],
      [
        `${procedure}: impossible birth date in the number`,
        procedure,
        who,
        { idNumber: impossibleDateId },
        ['DOCUMENT_INVALID', ...unknownAdds, 'VERIFICATION_MISMATCH'],
      ],
    ];
  });
  const specific: Case[] = [
    ['issue: UID already assigned (active)', 'issue', ACTIVE, {}, ['UID_ALREADY_ASSIGNED']],
    ['issue: UID already assigned (blocked)', 'issue', BLOCKED, {}, ['UID_ALREADY_ASSIGNED']],
    ['issue: phone of another UID', 'issue', NEW, { phone: ACTIVE_PHONE }, ['PHONE_IN_USE']],
    ['issue: phone of a blocked UID', 'issue', NEW, { phone: BLOCKED_PHONE }, ['PHONE_IN_USE']],
    ['issue: no confirmation', 'issue', NEW, { confirm: 'none' }, ['PHONE_NOT_CONFIRMED']],
    ['issue: code never verified', 'issue', NEW, { confirm: 'unverified' }, ['PHONE_NOT_CONFIRMED']],
    ['issue: confirmation of another phone', 'issue', NEW, { confirm: 'other-phone' }, ['PHONE_NOT_CONFIRMED']],
    ['issue: unknown confirmation', 'issue', NEW, { confirm: 'unknown' }, ['PHONE_NOT_CONFIRMED']],
    [
      'issue: several at once',
      'issue',
      ACTIVE,
      { document: 'expired', phone: BLOCKED_PHONE, confirm: 'none' },
      ['DOCUMENT_EXPIRED', 'UID_ALREADY_ASSIGNED', 'PHONE_NOT_CONFIRMED', 'PHONE_IN_USE'],
    ],
    ['block: no UID', 'block', NEW, {}, ['UID_NOT_ASSIGNED']],
    ['block: already blocked', 'block', BLOCKED, {}, ['UID_ALREADY_BLOCKED']],
    ['unblock: no UID', 'unblock', NEW, {}, ['UID_NOT_ASSIGNED']],
    ['unblock: not blocked', 'unblock', ACTIVE, {}, ['UID_NOT_BLOCKED']],
    ['change_phone: no UID', 'change_phone', NEW, {}, ['UID_NOT_ASSIGNED']],
    ['change_phone: blocked', 'change_phone', BLOCKED, {}, ['UID_ALREADY_BLOCKED']],
    ['change_phone: phone of another UID', 'change_phone', ACTIVE, { phone: BLOCKED_PHONE }, ['PHONE_IN_USE']],
    ['change_phone: no confirmation', 'change_phone', ACTIVE, { confirm: 'none' }, ['PHONE_NOT_CONFIRMED']],
    ['change_phone: code never verified', 'change_phone', ACTIVE, { confirm: 'unverified' }, ['PHONE_NOT_CONFIRMED']],
    ['change_phone: confirmation of another phone', 'change_phone', ACTIVE, { confirm: 'other-phone' }, ['PHONE_NOT_CONFIRMED']],
    ['reset_password: no UID', 'reset_password', NEW, {}, ['UID_NOT_ASSIGNED']],
    ['reset_password: blocked', 'reset_password', BLOCKED, {}, ['UID_ALREADY_BLOCKED']],
  ];

  it('the table names every reason for every procedure it applies to', () => {
    const seen = new Set([...common, ...specific].flatMap(([, procedure, , , reasons]) => reasons.map((r) => `${procedure}:${r}`)));
    const applies: Record<Procedure, RefusalReason[]> = {
      issue: ['UID_ALREADY_ASSIGNED', 'PHONE_IN_USE', 'PHONE_NOT_CONFIRMED'],
      block: ['UID_NOT_ASSIGNED', 'UID_ALREADY_BLOCKED'],
      unblock: ['UID_NOT_ASSIGNED', 'UID_NOT_BLOCKED'],
      change_phone: ['UID_NOT_ASSIGNED', 'UID_ALREADY_BLOCKED', 'PHONE_IN_USE', 'PHONE_NOT_CONFIRMED'],
      reset_password: ['UID_NOT_ASSIGNED', 'UID_ALREADY_BLOCKED'],
    };
    for (const [procedure, own] of Object.entries(applies)) {
      for (const r of [...own, 'DOCUMENT_INVALID', 'DOCUMENT_EXPIRED', 'VERIFICATION_MISMATCH'])
        expect(seen).toContain(`${procedure}:${r}`);
    }
  });

  it.each([...common, ...specific])('%s', async (_name, procedure, who, m, reasons) => {
    const idNumber = m.idNumber ?? who.idNumber;
    const before = await uidOf(idNumber);
    const item = await make(procedure, who, m);
    const decision = await decideOne(item);
    expect(decision).toEqual({
      submissionId: idOf(item),
      cursor: expect.stringMatching(/^[0-9]{12}$/),
      outcome: 'refused',
      reasons,
      decidedAt: new Date(clock).toISOString(),
    });
    expect(await uidOf(idNumber)).toEqual(before);
  });
});

describe('approvals and the UID state they leave', () => {
  const masked = (e164: string) => `+375 ${e164.slice(4, 6)} ***-**-${e164.slice(-2)}`;

  it.each<[string, Procedure, TestPerson, Make, { temporaryPasswordSent: boolean; state: 'active' | 'blocked'; phone: string }]>([
    ['issue, SMS-confirmed', 'issue', NEW, {}, { temporaryPasswordSent: true, state: 'active', phone: FREE_PHONE }],
    [
      'issue, deferred confirmation',
      'issue',
      NEW,
      { confirm: 'deferred' },
      { temporaryPasswordSent: true, state: 'active', phone: FREE_PHONE },
    ],
    [
      'issue, document expiring today',
      'issue',
      NEW,
      { document: 'expiresToday' },
      { temporaryPasswordSent: true, state: 'active', phone: FREE_PHONE },
    ],
    [
      'issue, names in other case, ё as е, extra spaces; series inside the number',
      'issue',
      NEW,
      {
        person: { surname: '  КОВАЛЕВ ', givenNames: 'андрей', patronymic: 'Николаевич ' },
        document: { type: 'passport_by', number: 'MP1000001', expiresAt: '2031-04-11' },
      },
      { temporaryPasswordSent: true, state: 'active', phone: FREE_PHONE },
    ],
    ['block', 'block', ACTIVE, {}, { temporaryPasswordSent: false, state: 'blocked', phone: ACTIVE_PHONE }],
    ['unblock', 'unblock', BLOCKED, {}, { temporaryPasswordSent: false, state: 'active', phone: BLOCKED_PHONE }],
    ['change_phone', 'change_phone', ACTIVE, {}, { temporaryPasswordSent: false, state: 'active', phone: FREE_PHONE }],
    [
      'change_phone to its own number',
      'change_phone',
      ACTIVE,
      { phone: ACTIVE_PHONE },
      { temporaryPasswordSent: false, state: 'active', phone: ACTIVE_PHONE },
    ],
    ['reset_password', 'reset_password', ACTIVE, {}, { temporaryPasswordSent: true, state: 'active', phone: ACTIVE_PHONE }],
  ])('%s', async (_name, procedure, who, m, expected) => {
    const before = await uidOf(who.idNumber);
    const item = await make(procedure, who, m);
    const decision = await decideOne(item);
    expect(decision).toEqual({
      submissionId: idOf(item),
      cursor: expect.stringMatching(/^[0-9]{12}$/),
      outcome: 'approved',
      uid: who.idNumber,
      temporaryPasswordSent: expected.temporaryPasswordSent,
      decidedAt: new Date(clock).toISOString(),
    });
    const after = await uidOf(who.idNumber);
    expect(after).toEqual({
      idNumber: who.idNumber,
      state: expected.state,
      phoneMasked: masked(expected.phone),
      assignedAt: procedure === 'issue' ? new Date(clock).toISOString() : before.assignedAt,
    });
  });

  it('decides in submission order: issue, block, unblock, change_phone in one batch; the old number is free again', async () => {
    const items = [
      await make('issue', NEW),
      await make('block', NEW),
      await make('unblock', NEW),
      await make('change_phone', NEW, { phone: OTHER_FREE_PHONE }),
      await make('change_phone', ACTIVE, { phone: FREE_PHONE }),
    ];
    const { results } = await submit(items);
    expect(results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted', 'accepted']);
    const decisions = await Promise.all(items.map((i) => central.stats.waitForDecision(idOf(i))));
    expect(decisions.map((d) => d.outcome)).toEqual(['approved', 'approved', 'approved', 'approved', 'approved']);
    expect(decisions.map((d) => d.cursor)).toEqual([...decisions.map((d) => d.cursor)].sort());
    expect(await uidOf(NEW.idNumber)).toMatchObject({ state: 'active', phoneMasked: '+375 25 ***-**-88' });
    expect(await uidOf(ACTIVE.idNumber)).toMatchObject({ state: 'active', phoneMasked: '+375 44 ***-**-22' });
  });

  it('an unknown person has no UID', async () => {
    expect(await uidOf(idn('3141182M090PB'))).toEqual({ idNumber: idn('3141182M090PB'), state: 'none' });
  });
});

describe('idempotency', () => {
  it('the same id and body again is a duplicate: accepted once, decided once', async () => {
    const item = await make('block', ACTIVE);
    expect((await submit([item])).results).toEqual([{ id: idOf(item), status: 'accepted' }]);
    // Key order does not make a body different.
    const reordered = Object.fromEntries(Object.entries(item).reverse());
    expect((await submit([reordered, item])).results).toEqual([
      { id: idOf(item), status: 'duplicate' },
      { id: idOf(item), status: 'duplicate' },
    ]);
    const first = await central.stats.waitForDecision(idOf(item));
    expect((await submit([item])).results).toEqual([{ id: idOf(item), status: 'duplicate' }]);

    const twice = await make('reset_password', ACTIVE);
    expect((await submit([twice, twice])).results.map((r) => r.status)).toEqual(['accepted', 'duplicate']);
    await central.stats.waitForDecision(idOf(twice));

    expect(central.stats.acceptedCount(idOf(item))).toBe(1);
    expect(central.stats.decisionsCount(idOf(item))).toBe(1);
    expect(central.stats.acceptedCount(idOf(twice))).toBe(1);
    expect(central.stats.totalAccepted).toBe(2);
    const page = parse(DecisionsPage, await get('v1/decisions'));
    expect(page.items.map((d) => d.submissionId)).toEqual([idOf(item), idOf(twice)]);
    expect(page.items[0]).toEqual(first);
  });

  it('the same id with another body is a 409 naming the id, and nothing in that request is processed', async () => {
    const stored = await make('block', ACTIVE);
    await submit([stored]);
    const fresh = await make('reset_password', ACTIVE);
    const changed = { ...stored, clerkId: 'clerk-4' };
    const res = await post('v1/submissions', { items: [fresh, changed] });
    const p = expectProblem(res, 409);
    expect(p.detail).toContain(idOf(stored));
    expect(p.errors).toEqual([{ path: '/items/1', code: 'idempotency_conflict', message: expect.stringContaining(idOf(stored)) }]);
    expect(res.json).toMatchObject({ conflictingIds: [idOf(stored)] });
    expect(central.stats.acceptedCount(idOf(fresh))).toBe(0);
    expect(central.state.submission(idOf(fresh))).toBeUndefined();

    // Within one request too.
    const other = await make('block', ACTIVE);
    expectProblem(await post('v1/submissions', { items: [other, { ...other, officeCode: 'GOMEL-2' }] }), 409);
    expect(central.stats.acceptedCount(idOf(other))).toBe(0);

    expect((await submit([fresh])).results).toEqual([{ id: idOf(fresh), status: 'accepted' }]);
    expect(central.stats.totalAccepted).toBe(2);
  });

  it('a malformed item is rejected with JSON-pointer problems; the rest of the batch goes on', async () => {
    const good = await make('block', ACTIVE);
    const bad1 = await make('issue', NEW);
    bad1['person'] = { ...NEW, idNumber: undefined, birthDate: '1985-02-30', nickname: 'Андрюха' };
    bad1['phoneConfirmation'] = { method: 'email' };
    const bad2 = await make('issue', NEW, { confirm: 'deferred' });
    delete bad2['phone'];
    bad2['consentToVerification'] = false;
    bad2['idNumber'] = NEW.idNumber.toLowerCase();
    bad2['signedAt'] = '2026-03-02 09:55';

    const { results } = await submit([good, bad1, bad2]);
    expect(results[0]).toEqual({ id: idOf(good), status: 'accepted' });
    expect(results[1]).toMatchObject({ id: idOf(bad1), status: 'rejected' });
    expect(results[1]?.problems?.map((p) => p.path).sort()).toEqual(['/person/birthDate', '/person/nickname', '/phoneConfirmation/method']);
    expect(results[2]).toMatchObject({ id: idOf(bad2), status: 'rejected' });
    expect(results[2]?.problems?.map((p) => p.path).sort()).toEqual(['/consentToVerification', '/idNumber', '/phone', '/signedAt']);
    for (const p of [...(results[1]?.problems ?? []), ...(results[2]?.problems ?? [])]) {
      expect(p.code).toMatch(/^[a-z_]+$/);
      expect(p.message).toBeTruthy();
    }

    const noPhone = await make('issue', NEW, { confirm: 'deferred' });
    delete noPhone['phone'];
    expect((await submit([noPhone])).results[0]?.problems).toEqual([
      { path: '/phone', code: 'required', message: 'phone is required for issue and change_phone' },
    ]);

    // Rejected is final and never stored: sending it again is rejected again, not a duplicate.
    expect((await submit([bad1])).results[0]?.status).toBe('rejected');
    await central.stats.waitForDecision(idOf(good));
    expect(central.stats.totalAccepted).toBe(1);
    expect(central.stats.totalDecisions).toBe(1);
  });
});

describe('the identification number: pattern and check digit (central-api.yaml IdNumber)', () => {
  it('an item whose number differs from a valid one only in the check digit is rejected at /idNumber; the valid one is accepted', async () => {
    const good = await make('issue', NEW);
    const bad = { ...good, id: randomUUID(), idNumber: badCheckDigit(NEW.idNumber) };
    expect(checkIdNumber(bad.idNumber)).toMatchObject({ ok: false, error: { code: 'check_digit' } });

    const { results } = await submit([bad, good]);
    expect(results).toEqual([
      { id: idOf(bad), status: 'rejected', problems: [{ path: '/idNumber', code: 'check_digit', message: expect.any(String) }] },
      { id: idOf(good), status: 'accepted' },
    ]);
    expect(await central.stats.waitForDecision(idOf(good))).toMatchObject({ outcome: 'approved', uid: NEW.idNumber });

    // Rejected is final and never stored: again it is rejected, not a duplicate, and never decided.
    expect((await submit([bad])).results).toEqual([results[0]]);
    expect(central.state.submission(idOf(bad))).toBeUndefined();
    expect(central.stats.acceptedCount(idOf(bad))).toBe(0);
    expect(central.stats.decisionsCount(idOf(bad))).toBe(0);
  });

  // docs/design/vectors.md A.1 and A.2: the pattern is checked first; the check digit only of a number that fits it.
  it.each([
    ['ID-V1', '3270287A012PB2', null],
    ['ID-V5', '5120305M042PB6', null],
    ['ID-V8', '6010101K005BA9', null],
    ['ID-N1 (check digit should be 2)', '3270287A012PB3', 'check_digit'],
    ['ID-N5 (check digit should be 0)', '4220689A012PB4', 'check_digit'],
    ['ID-N2 (first digit 0: the pattern)', '0000000A000PB3', 'invalid_format'],
    ['ID-N11 (a digit where a letter goes: the pattern)', '3270287A012P81', 'invalid_format'],
  ])('UID state of %s: %s', async (_name, idNumber, code) => {
    const res = await get(`v1/uid/${idNumber}`);
    if (code === null) {
      expect(parse(UidStatus, res)).toEqual({ idNumber, state: 'none' });
    } else {
      expect(expectProblem(res, 422).errors).toEqual([{ path: '/idNumber', code, message: expect.any(String) }]);
    }
  });
});

describe('problem documents', () => {
  const valid = async () => ({ items: [await make('block', ACTIVE)] });
  const cases: [string, () => Promise<Res>, number, string[]?][] = [
    ['401 without a token', () => get('v1/decisions', null), 401],
    ['401 with a wrong token', () => get('v1/decisions', 'not-the-token'), 401],
    ['401 on submissions, nothing processed', async () => post('v1/submissions', await valid(), 'wrong'), 401],
    ['404 for an unknown path', () => get('v1/nothing-here'), 404],
    ['404 for a trailing slash', () => get('v1/decisions/'), 404],
    ['405 for GET on submissions', () => get('v1/submissions'), 405],
    ['405 for DELETE', () => call(central.url, 'DELETE', 'v1/decisions'), 405],
    ['413 for 101 items', async () => post('v1/submissions', { items: Array.from({ length: 101 }, () => ({ id: randomUUID() })) }), 413],
    [
      '415 for a body that is not JSON by type',
      () => call(central.url, 'POST', 'v1/submissions', { raw: 'items', contentType: 'text/plain' }),
      415,
    ],
    ['422 for a body that is not JSON', () => call(central.url, 'POST', 'v1/submissions', { raw: '{"items": [' }), 422, ['']],
    ['422 for no items', () => post('v1/submissions', { items: [] }), 422, ['/items']],
    [
      '422 for an unknown top-level field',
      async () => post('v1/submissions', { ...(await valid()), priority: 'high' }),
      422,
      ['/priority'],
    ],
    [
      '422 for an item without a UUID id',
      () => post('v1/submissions', { items: [{ procedure: 'issue' }, { id: 'x' }] }),
      422,
      ['/items/0/id', '/items/1/id'],
    ],
    ['422 for a malformed identification number', () => get('v1/uid/3150385m001pb2'), 422, ['/idNumber']],
    ['422 for limit=0', () => get('v1/decisions?limit=0'), 422, ['/limit']],
    ['422 for limit=501', () => get('v1/decisions?limit=501'), 422, ['/limit']],
    ['422 for a cursor that is not one', () => get('v1/decisions?after=yesterday'), 422, ['/after']],
    ['422 for an unknown query parameter', () => get('v1/decisions?since=1'), 422, ['/since']],
    ['422 for a landline', () => post('v1/phone-confirmations', { phone: '+375171234567' }), 422, ['/phone']],
    [
      '422 for a code of letters',
      async () => {
        const created = parse(PhoneConfirmationCreated, await post('v1/phone-confirmations', { phone: FREE_PHONE }));
        return post(`v1/phone-confirmations/${created.confirmationId}/verify`, { code: '12ab56' });
      },
      422,
      ['/code'],
    ],
    [
      '422 for a confirmation id that is not a UUID',
      () => post('v1/phone-confirmations/abc/verify', { code: '123456' }),
      422,
      ['/confirmationId'],
    ],
  ];

  it.each(cases)('%s', async (_name, send, status, paths) => {
    const res = await send();
    const p = expectProblem(res, status);
    if (paths !== undefined) expect(p.errors?.map((e) => e.path)).toEqual(paths);
    if (status === 401) expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    if (status === 405) expect(res.headers['allow']).toMatch(/^(GET|POST)$/);
    expect(central.stats.totalAccepted).toBe(0);
  });

  it('health needs no token', async () => {
    const h = parse(Health, await get('v1/health', null));
    expect(h).toEqual({ status: 'ok', time: new Date(clock).toISOString() });
  });
});

describe('phone confirmation by SMS code', () => {
  const create = async (phone: string, server = central) => call(server.url, 'POST', 'v1/phone-confirmations', { body: { phone } });
  const smsFor = async (phone: string) =>
    (await get(`_test/sms?phone=${encodeURIComponent(phone)}`, null)).json as {
      messages: { confirmationId: string; code: string; sentAt: string }[];
    };
  const verify = (id: string, code: string) => post(`v1/phone-confirmations/${id}/verify`, { code });

  it('sends a 6-digit code valid for 5 minutes; the right code verifies', async () => {
    const res = await create(FREE_PHONE);
    expect(res.status).toBe(201);
    const created = parse(PhoneConfirmationCreated, res);
    expect(created.expiresAt).toBe(new Date(clock + 5 * 60_000).toISOString());
    const { messages } = await smsFor(FREE_PHONE);
    expect(messages).toEqual([
      {
        confirmationId: created.confirmationId,
        phone: FREE_PHONE,
        code: expect.stringMatching(/^[0-9]{6}$/),
        sentAt: new Date(clock).toISOString(),
      },
    ]);
    expect(parse(VerifyResult, await verify(created.confirmationId, messages[0]?.code ?? ''))).toEqual({ verified: true, attemptsLeft: 2 });
    expect(central.state.confirmation(created.confirmationId)?.verified).toBe(true);
  });

  it('lists the newest first, per phone; a "+" left unencoded still finds the phone', async () => {
    const a = parse(PhoneConfirmationCreated, await create(FREE_PHONE));
    clock += 1000;
    const b = parse(PhoneConfirmationCreated, await create(FREE_PHONE));
    await create(OTHER_FREE_PHONE);
    expect((await smsFor(FREE_PHONE)).messages.map((m) => m.confirmationId)).toEqual([b.confirmationId, a.confirmationId]);
    const raw = (await get(`_test/sms?phone=${FREE_PHONE}`, null)).json as { messages: unknown[] };
    expect(raw.messages).toHaveLength(2);
  });

  it('three wrong codes use up the tries; then 410, even for the right code', async () => {
    const created = parse(PhoneConfirmationCreated, await create(FREE_PHONE));
    const code = (await smsFor(FREE_PHONE)).messages[0]?.code ?? '';
    const wrong = code === '000000' ? '111111' : '000000';
    const left = [];
    for (let i = 0; i < 3; i++) left.push(parse(VerifyResult, await verify(created.confirmationId, wrong)));
    expect(left).toEqual([
      { verified: false, attemptsLeft: 2 },
      { verified: false, attemptsLeft: 1 },
      { verified: false, attemptsLeft: 0 },
    ]);
    expectProblem(await verify(created.confirmationId, code), 410);
  });

  it('an expired code is 410; an unknown confirmation is 404', async () => {
    const created = parse(PhoneConfirmationCreated, await create(FREE_PHONE));
    const code = (await smsFor(FREE_PHONE)).messages[0]?.code ?? '';
    clock += 5 * 60_000 + 1;
    expectProblem(await verify(created.confirmationId, code), 410);
    expectProblem(await verify(randomUUID(), code), 404);
  });

  it('more than 3 codes for one phone within 60 s is 429 with Retry-After; other phones are not affected', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await create(FREE_PHONE)).status).toBe(201);
      clock += 10_000;
    }
    const limited = await create(FREE_PHONE);
    expectProblem(limited, 429);
    expect(limited.headers['retry-after']).toBe('30');
    expect((await create(OTHER_FREE_PHONE)).status).toBe(201);
    clock += 30_000;
    expect((await create(FREE_PHONE)).status).toBe(201);
    expect((await smsFor(FREE_PHONE)).messages).toHaveLength(4);
  });

  it('the same seed gives the same ids and codes', async () => {
    const twin = await startServer();
    const a = parse(PhoneConfirmationCreated, await create(FREE_PHONE));
    const b = parse(PhoneConfirmationCreated, await create(FREE_PHONE, twin));
    expect(b.confirmationId).toBe(a.confirmationId);
    expect(twin.state.smsMessages(FREE_PHONE)[0]?.code).toBe(central.state.smsMessages(FREE_PHONE)[0]?.code);
  });

  it('/_test/sms is a 404 without exposeSms', async () => {
    const closed = await startServer({ exposeSms: false });
    await call(closed.url, 'POST', 'v1/phone-confirmations', { body: { phone: FREE_PHONE } });
    expectProblem(await call(closed.url, 'GET', `_test/sms?phone=${encodeURIComponent(FREE_PHONE)}`, { token: null }), 404);
  });
});

describe('decisions paging', () => {
  it('pages oldest first after the cursor; next is null at the end', async () => {
    const items = await Promise.all(Array.from({ length: 7 }, () => make('block', NEW)));
    await submit(items);
    await Promise.all(items.map((i) => central.stats.waitForDecision(idOf(i))));
    const ids = items.map(idOf);

    const all = parse(DecisionsPage, await get('v1/decisions'));
    expect(all.items.map((d) => d.submissionId)).toEqual(ids);
    expect(all.next).toBeNull();
    const cursors = all.items.map((d) => d.cursor);
    expect([...cursors].sort()).toEqual(cursors);
    expect(new Set(cursors).size).toBe(7);

    const pages: string[][] = [];
    let after: string | null = null;
    const nexts: (string | null)[] = [];
    do {
      const query: string = after === null ? 'limit=3' : `limit=3&after=${after}`;
      const page: DecisionsPage = parse(DecisionsPage, await get(`v1/decisions?${query}`));
      pages.push(page.items.map((d) => d.submissionId));
      nexts.push(page.next);
      after = page.next;
    } while (after !== null);
    expect(pages).toEqual([ids.slice(0, 3), ids.slice(3, 6), ids.slice(6)]);
    expect(nexts).toEqual([cursors[2], cursors[5], null]);

    expect(parse(DecisionsPage, await get(`v1/decisions?after=${cursors[6]}`))).toEqual({ items: [], next: null });
    expect(parse(DecisionsPage, await get('v1/decisions?limit=7')).next).toBeNull();
    expect(parse(DecisionsPage, await get(`v1/decisions?after=${cursors[1]}&limit=5`))).toEqual({ items: all.items.slice(2), next: null });

    // A later decision shows up after the stored cursor.
    const later = await make('block', ACTIVE);
    await decideOne(later);
    const fresh = parse(DecisionsPage, await get(`v1/decisions?after=${cursors[6]}`));
    expect(fresh.items.map((d) => d.submissionId)).toEqual([idOf(later)]);
  });

  it('an empty registry of decisions is an empty page', async () => {
    expect(parse(DecisionsPage, await get('v1/decisions'))).toEqual({ items: [], next: null });
  });
});

describe('faults', () => {
  const one = async () => ({ items: [await make('block', ACTIVE)] });

  it.each([
    ['500', 500, undefined],
    ['503', 503, '1'],
    ['429', 429, '1'],
  ] as const)('%s: a problem document, nothing processed; health is spared', async (kind, status, retryAfter) => {
    const body = await one();
    central.setFaults({ rate: 1, kinds: [kind] });
    const res = await post('v1/submissions', body);
    expectProblem(res, status);
    expect(res.headers['retry-after']).toBe(retryAfter);
    expect(central.stats.totalAccepted).toBe(0);
    expect(central.stats.faultCount(kind)).toBe(1);
    expect((await get('v1/health', null)).status).toBe(200);
  });

  it('drop-before: the connection is cut and nothing is processed', async () => {
    const body = await one();
    central.setFaults({ rate: 1, kinds: ['drop-before'] });
    await expect(post('v1/submissions', body)).rejects.toThrow();
    expect(central.stats.totalAccepted).toBe(0);
    central.setFaults(null);
    expect((await submit(body.items)).results[0]?.status).toBe('accepted');
    expect(central.stats.acceptedCount(idOf(body.items[0] ?? {}))).toBe(1);
  });

  it('drop-after: processed, then the connection is cut; the retry is a duplicate, decided once', async () => {
    const body = await one();
    const id = idOf(body.items[0] ?? {});
    central.setFaults('rate=1,kinds=drop-after');
    await expect(post('v1/submissions', body)).rejects.toThrow();
    expect(central.stats.acceptedCount(id)).toBe(1);
    central.setFaults(null);
    expect((await submit(body.items)).results).toEqual([{ id, status: 'duplicate' }]);
    await central.stats.waitForDecision(id);
    expect(central.stats.acceptedCount(id)).toBe(1);
    expect(central.stats.decisionsCount(id)).toBe(1);
  });

  it('garbage: processed, answered 200 with a body that is not JSON or not the schema', async () => {
    const body = await one();
    central.setFaults({ rate: 1, kinds: ['garbage'] });
    const kinds = new Set<string>();
    const check = (res: Res, schema: z.ZodType) => {
      expect(res.status).toBe(200);
      if (res.json === undefined) kinds.add('not json');
      else {
        expect(schema.safeParse(res.json).success).toBe(false);
        kinds.add('not schema');
      }
    };
    check(await post('v1/submissions', body), SubmissionsResponse);
    expect(central.stats.acceptedCount(idOf(body.items[0] ?? {}))).toBe(1);
    for (let i = 0; i < 6; i++) {
      check(await get('v1/decisions'), DecisionsPage);
      check(await get(`v1/uid/${ACTIVE.idNumber}`), UidStatus);
      check(await post('v1/phone-confirmations', { phone: FREE_PHONE }), PhoneConfirmationCreated);
    }
    expect(kinds).toEqual(new Set(['not json', 'not schema']));
    expect(central.stats.faultCount('garbage')).toBe(19);
  });

  it('health gets faults only when asked', async () => {
    central.setFaults({ rate: 1, kinds: ['503'], healthFaults: true });
    expectProblem(await get('v1/health', null), 503);
    central.setFaults('rate=1,kinds=503');
    expect((await get('v1/health', null)).status).toBe(200);
  });

  it('latency delays the answer', async () => {
    central.setFaults({ rate: 0, latencyMs: { min: 40, max: 40 } });
    const t0 = performance.now();
    expect((await get('v1/health', null)).status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(35);
  });

  it('the option takes a spec string; a seeded run injects the same faults', async () => {
    const runs = await Promise.all([1, 2].map(() => startServer({ faults: 'rate=0.5,kinds=500+503', seed: 7 })));
    const statuses = [];
    for (const s of runs) {
      const seen = [];
      for (let i = 0; i < 12; i++) seen.push((await call(s.url, 'GET', 'v1/decisions')).status);
      statuses.push(seen);
    }
    expect(statuses[0]).toEqual(statuses[1]);
    expect(new Set(statuses[0])).toEqual(new Set([200, 500, 503]));
  });

  it.each<[string, ReturnType<typeof parseFaultSpec>]>([
    ['', { ok: true, spec: { rate: 0 } }],
    ['none', { ok: true, spec: { rate: 0 } }],
    [
      'rate=0.3,kinds=500+503+429+drop-before+drop-after+garbage,latency=0-30',
      { ok: true, spec: { rate: 0.3, kinds: [...faultKinds], latencyMs: { min: 0, max: 30 } } },
    ],
    ['rate=1,kinds=garbage,health=true', { ok: true, spec: { rate: 1, kinds: ['garbage'], healthFaults: true } }],
    ['latency=25', { ok: true, spec: { rate: 0, latencyMs: { min: 25, max: 25 } } }],
    ['rate=1.5', { ok: false, error: expect.stringContaining('rate') }],
    ['rate=0.2,kinds=500+teapot', { ok: false, error: expect.stringContaining('teapot') }],
    ['latency=30-10', { ok: false, error: expect.stringContaining('latency') }],
    ['rate', { ok: false, error: expect.stringContaining('key=value') }],
    ['speed=3', { ok: false, error: expect.stringContaining('speed') }],
  ])('parses %j', (text, expected) => {
    expect(parseFaultSpec(text)).toEqual(expected);
  });

  it('every kind is known to the parser', () => {
    for (const kind of faultKinds)
      expect(parseFaultSpec(`rate=1,kinds=${kind}`)).toEqual({ ok: true, spec: { rate: 1, kinds: [kind as FaultKind] } });
  });
});

describe('stop() and start(): offline on the same port', () => {
  it('keeps state, goes on deciding while down, and answers again on the same URL', async () => {
    const slow = await startServer({ decisionDelayMs: 50 });
    const item = await make('block', ACTIVE, {}, slow);
    const { url, port } = slow;
    await submit([item], slow);
    await slow.stop();
    expect(slow.listening).toBe(false);
    await expect(call(url, 'GET', 'v1/health')).rejects.toThrow(/ECONNREFUSED/);
    const decision = await slow.stats.waitForDecision(idOf(item));
    await slow.start();
    expect(slow.url).toBe(url);
    expect(slow.port).toBe(port);
    expect(parse(DecisionsPage, await call(url, 'GET', 'v1/decisions')).items).toEqual([decision]);
    expect(parse(UidStatus, await call(url, 'GET', `v1/uid/${ACTIVE.idNumber}`)).state).toBe('blocked');
    expect((await submit([item], slow)).results[0]?.status).toBe('duplicate');
  });
});

describe('the state file', () => {
  it('survives a restart: UIDs, submissions, decisions and confirmations; no temp file left', async () => {
    const stateFile = join(tempDir(), 'central.json');
    const first = await startServer({ stateFile });
    const item = await make('issue', NEW, {}, first);
    const decision = await decideOne(item, first);
    await first.close();
    expect(readdirSync(join(stateFile, '..'))).toEqual(['central.json']);
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({ version: 1, seq: 1 });

    const second = await startServer({ stateFile });
    expect(await uidOf(NEW.idNumber, second)).toMatchObject({ state: 'active', phoneMasked: '+375 44 ***-**-22' });
    expect(parse(DecisionsPage, await call(second.url, 'GET', 'v1/decisions')).items).toEqual([decision]);
    expect((await submit([item], second)).results[0]?.status).toBe('duplicate');
    const confirmationId = (item['phoneConfirmation'] as { confirmationId: string }).confirmationId;
    expect(second.state.confirmation(confirmationId)).toMatchObject({ phone: FREE_PHONE, verified: true, attempts: 1 });
    expect(second.state.smsMessages(FREE_PHONE)).toHaveLength(1);
    // The new phone of NEW is taken; the sequence of cursors goes on.
    const next = await decideOne(await make('change_phone', ACTIVE, {}, second), second);
    expect(next).toMatchObject({ outcome: 'refused', reasons: ['PHONE_IN_USE'], cursor: '000000000002' });
    expect(second.state.smsMessages(FREE_PHONE)).toHaveLength(2);
    expect(second.stats.decisionsCount(idOf(item))).toBe(0);
  });

  it('a pending decision is made after the restart', async () => {
    const stateFile = join(tempDir(), 'central.json');
    const first = await startServer({ stateFile, decisionDelayMs: 60_000 });
    const item = await make('block', ACTIVE, {}, first);
    await submit([item], first);
    expect(first.state.pending()).toEqual([idOf(item)]);
    await first.close();
    const second = await startServer({ stateFile, decisionDelayMs: 0 });
    expect(await second.stats.waitForDecision(idOf(item))).toMatchObject({ outcome: 'approved' });
    expect(second.state.pending()).toEqual([]);
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toMatchObject({ pending: [], decisions: [{ submissionId: idOf(item) }] });
  });

  it('a broken state file stops the start with its name', async () => {
    const stateFile = join(tempDir(), 'central.json');
    writeFileSync(stateFile, '{"version": 1, "seq": -1}');
    await expect(startServer({ stateFile })).rejects.toThrow(`State file ${stateFile}`);
  });
});

describe('the registry file', () => {
  const write = (data: unknown) => {
    const file = join(tempDir(), 'registry.json');
    writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
    return file;
  };
  const good = registry[0];

  it.each<[string, unknown, RegExp]>([
    ['not JSON', '[{', /not valid JSON/],
    ['not an array', { people: [] }, /expected a JSON array/],
    ['a bad birth date', [good, { ...registry[1], birthDate: '1978-02-30' }], /entry 1 \(3030378A045PB\d\): birthDate/],
    ['a birth date that disagrees with the number', [{ ...good, birthDate: '1985-03-16' }], /entry 0 .*disagrees/],
    ['a bad check digit', [{ ...good, idNumber: `${NEW.idNumber.slice(0, 13)}0` }], /entry 0 .*check_digit/],
    ['the same number twice', [good, good], /entry 1 .*same idNumber as entry 0/],
    ['no documents', [{ ...good, documents: [] }], /entry 0 .*documents/],
    ['an unknown field', [{ ...good, nickname: 'x' }], /entry 0 .*nickname/],
  ])('%s: a clear error naming the file and the entry', async (_name, data, message) => {
    const file = write(data);
    const started = startServer({ registry: file });
    await expect(started).rejects.toThrow(file);
    await expect(started).rejects.toThrow(message);
  });

  it('the demo registry loads and shows PHONE_IN_USE for the phone of an existing UID', async () => {
    const people = loadDemoPeople();
    expect(people.length).toBeGreaterThanOrEqual(10);
    expect(people.filter((p) => p.uid?.state === 'active').length).toBeGreaterThanOrEqual(2);
    expect(people.filter((p) => p.uid?.state === 'blocked')).toHaveLength(1);
    expect(people.some((p) => p.documents.some((d) => d.expiresAt < '2026-01-01'))).toBe(true);
    // No registry option: the demo one.
    const demo = await startCentralServer({ decisionDelayMs: 0, exposeSms: true });
    extra.push(demo);
    const kovalev = people.find((p) => p.surname === 'Ковалёв');
    const klimovich = people.find((p) => p.surname === 'Климович');
    if (kovalev === undefined || klimovich?.uid === undefined) throw new Error('demo people changed');
    const phone = klimovich.uid.phone;
    const confirmationId = await confirmPhone(phone, demo);
    const { documents: docs, uid: _uid, idNumber, ...person } = kovalev;
    const item = {
      id: randomUUID(),
      procedure: 'issue',
      idNumber,
      person,
      document: docs[0],
      phone,
      phoneConfirmation: { method: 'sms_code', confirmationId },
      consentToVerification: true,
      officeCode: 'MINSK-01',
      workstationId: 'ws-07',
      clerkId: 'clerk-3',
      signedAt: new Date().toISOString(),
    };
    expect(await decideOne(item, demo)).toMatchObject({ outcome: 'refused', reasons: ['PHONE_IN_USE'] });
  });
});

describe('the CLI', () => {
  const cli = (args: string[]) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/central/cli.ts', ...args], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, exited, out: () => stdout, err: () => stderr };
  };

  it('prints its line when ready, serves, and exits 0 on SIGTERM', async () => {
    const run = cli(['--port', '0', '--expose-sms', '--seed', '3', '--decision-delay-ms', '0', '--token', 'cli-token']);
    const url = await new Promise<string>((resolve, reject) => {
      run.child.stdout.on('data', () => {
        const m = /^Central registry listening on (http:\/\/127\.0\.0\.1:\d+\/)\n$/.exec(run.out());
        if (m?.[1] !== undefined) resolve(m[1]);
      });
      void run.exited.then((code) => reject(new Error(`exited ${code}: ${run.err()}`)));
    });
    expect(parse(Health, await call(url, 'GET', 'v1/health', { token: null })).status).toBe('ok');
    expect((await call(url, 'GET', 'v1/decisions', { token: 'cli-token' })).status).toBe(200);
    expect((await call(url, 'GET', 'v1/decisions')).status).toBe(401);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('takes a token per desk (TOKEN=OFFICE/WORKSTATION, repeated) beside a legacy one, and names them', async () => {
    const run = cli(['--port', '0', '--token', 'desk-1=MN-01/1', '--token', 'desk-2=MN-01/2', '--token', 'any-office']);
    const url = await new Promise<string>((resolve, reject) => {
      run.child.stdout.on('data', () => {
        const m = /^Central registry listening on (http:\/\/127\.0\.0\.1:\d+\/)\n$/.exec(run.out());
        if (m?.[1] !== undefined) resolve(m[1]);
      });
      void run.exited.then((code) => reject(new Error(`exited ${code}: ${run.err()}`)));
    });
    for (const token of ['desk-1', 'desk-2', 'any-office']) expect((await call(url, 'GET', 'v1/decisions', { token })).status).toBe(200);
    expect((await call(url, 'GET', 'v1/decisions', { token: 'desk-1=MN-01/1' })).status).toBe(401);
    expect(run.err()).toContain('tokens desk-1 (MN-01/1), desk-2 (MN-01/2), any-office');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it.each(
    [
      ['--port', 'abc'],
      ['--faults', 'rate=2'],
      ['--bogus'],
      ['--registry', '/nonexistent/registry.json'],
      ['--decision-delay-ms', '-5'],
      ['positional'],
      ['--token', 'desk=MN-01'],
      ['--token', 'desk=MN-01/1/2'],
      ['--token', 'same=MN-01/1', '--token', 'same=MN-01/2'],
    ].map((args) => [args.join(' '), args] as const),
  )('%s: a message and exit 2', async (_name, args) => {
    const run = cli([...args]);
    expect(await run.exited).toBe(2);
    expect(run.err()).toMatch(/^central: /);
    expect(run.out()).toBe('');
  });
});
