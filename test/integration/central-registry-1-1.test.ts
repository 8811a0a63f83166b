/**
 * The reference registry's share of issue 13 (central-api.yaml 1.1): UidStatus `pending` and
 * `recent`, DUPLICATE_PENDING for a second undecided submission of the same procedure for the same
 * person, `idNumber` on phone confirmations (409 …/phone-in-use, no SMS), and the `invent-reasons`
 * fault. Plain HTTP against the server on 127.0.0.1.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Decision, UidStatus } from '../../main/central/schemas';
import { parseFaultSpec } from '../central/faults';
import { startCentralServer, type CentralServer } from '../central/server';
import { syntheticPerson } from '../support/sync-load';

const people = Array.from({ length: 4 }, (_, i) => syntheticPerson(700 + i));
const [A, B, HOLDER, OTHER] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0], (typeof people)[0]];

let central: CentralServer | null = null;
afterEach(async () => {
  await central?.close();
  central = null;
});

async function start(decisionDelayMs: number, faults?: string) {
  central = await startCentralServer({
    port: 0,
    decisionDelayMs,
    exposeSms: true,
    seed: 5,
    registry: people.map(({ phone: _p, ...p }) => p),
    ...(faults !== undefined && { faults }),
  });
  for (const p of [A, B, HOLDER])
    central.state.setUid(p.idNumber, { state: 'active', phone: p.phone, assignedAt: '2026-01-10T09:00:00.000Z' });
  return central;
}

async function call(c: CentralServer, method: 'GET' | 'POST', path: string, body?: unknown) {
  const res = await fetch(`${c.url}${path}`, {
    method,
    headers: { Authorization: 'Bearer dev-token', ...(body !== undefined && { 'Content-Type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as unknown };
}

function submission(p: (typeof people)[0], workstationId = 'ws-2', procedure = 'block') {
  const d = p.documents[0];
  return {
    id: randomUUID(),
    procedure,
    idNumber: p.idNumber,
    person: {
      surname: p.surname,
      givenNames: p.givenNames,
      patronymic: p.patronymic,
      birthDate: p.birthDate,
      sex: p.sex,
      citizenship: 'BLR',
    },
    document: { type: d?.type, series: d?.series, number: d?.number, expiresAt: d?.expiresAt },
    consentToVerification: true,
    officeCode: 'MINSK-01',
    workstationId,
    clerkId: 'clerk-1',
    signedAt: new Date().toISOString(),
  };
}

describe('UidStatus 1.1', () => {
  it('lists the undecided submissions of the person (any desk) as pending, and nobody else’s', async () => {
    const c = await start(600_000);
    const item = submission(A, 'ws-7');
    expect((await call(c, 'POST', 'v1/submissions', { items: [item, submission(B)] })).status).toBe(200);
    const status = UidStatus.parse((await call(c, 'GET', `v1/uid/${A.idNumber}`)).body);
    expect(status.pending).toEqual([
      { procedure: 'block', officeCode: 'MINSK-01', workstationId: 'ws-7', submittedAt: expect.any(String) },
    ]);
    expect(status.recent).toBeUndefined();
  });

  it('lists a decision of the last 24 hours as recent, with its outcome', async () => {
    const c = await start(0);
    const item = submission(A);
    await call(c, 'POST', 'v1/submissions', { items: [item] });
    expect((await c.stats.waitForDecision(item.id)).outcome).toBe('approved');
    const status = UidStatus.parse((await call(c, 'GET', `v1/uid/${A.idNumber}`)).body);
    expect(status).toMatchObject({ state: 'blocked', recent: [{ procedure: 'block', outcome: 'approved', workstationId: 'ws-2' }] });
    expect(status.pending).toBeUndefined();
  });
});

it('a second undecided submission of the same procedure for the same person is refused DUPLICATE_PENDING', async () => {
  const c = await start(50);
  // A new password leaves the UID as it is: the second one is refused for being a twin, nothing else.
  const first = submission(A, 'ws-2', 'reset_password');
  const second = submission(A, 'ws-3', 'reset_password');
  const otherPerson = submission(B, 'ws-2', 'reset_password');
  await call(c, 'POST', 'v1/submissions', { items: [first, second, otherPerson] });
  const decisions = await Promise.all([first, second, otherPerson].map((i) => c.stats.waitForDecision(i.id)));
  expect(decisions.map((d) => [d.outcome, d.reasons ?? []])).toEqual([
    ['approved', []],
    ['refused', ['DUPLICATE_PENDING']],
    ['approved', []],
  ]);
});

describe('phone confirmations with idNumber (1.1)', () => {
  it('a phone on another person’s UID: 409 …/phone-in-use and no SMS; the holder and a request without idNumber get a code', async () => {
    const c = await start(0);
    const refused = await call(c, 'POST', 'v1/phone-confirmations', { phone: HOLDER.phone, idNumber: OTHER.idNumber });
    expect(refused).toMatchObject({ status: 409, body: { type: expect.stringMatching(/\/phone-in-use$/), status: 409 } });
    expect(c.state.smsMessages(HOLDER.phone)).toEqual([]);
    expect((await call(c, 'POST', 'v1/phone-confirmations', { phone: HOLDER.phone, idNumber: HOLDER.idNumber })).status).toBe(201);
    expect((await call(c, 'POST', 'v1/phone-confirmations', { phone: OTHER.phone, idNumber: OTHER.idNumber })).status).toBe(201);
    expect(c.state.smsMessages()).toHaveLength(2);
  });

  it('a malformed idNumber is a 422, like any field', async () => {
    const c = await start(0);
    expect((await call(c, 'POST', 'v1/phone-confirmations', { phone: OTHER.phone, idNumber: 'nope' })).status).toBe(422);
  });
});

describe('the invent-reasons fault', () => {
  it.each([
    ['invent-reasons=1', { rate: 0, inventReasons: 1 }],
    ['rate=0.2,kinds=500,invent-reasons=0.5', { rate: 0.2, kinds: ['500'], inventReasons: 0.5 }],
  ])('parses %s', (text, spec) => expect(parseFaultSpec(text)).toEqual({ ok: true, spec }));

  it.each(['invent-reasons=2', 'invent-reasons=x'])('refuses %s', (text) => expect(parseFaultSpec(text).ok).toBe(false));

  it('refuses a decision with a code it invents; the feed still parses as the contract says', async () => {
    const c = await start(0, 'invent-reasons=1');
    const item = submission(A);
    await call(c, 'POST', 'v1/submissions', { items: [item] });
    const made = await c.stats.waitForDecision(item.id);
    expect(made).toMatchObject({ outcome: 'refused', reasons: [expect.stringMatching(/^NEW_REASON_\d{4}$/)] });
    const feed = (await call(c, 'GET', 'v1/decisions')).body as { items: unknown[] };
    expect(Decision.parse(feed.items[0])).toEqual(made);
    // Nothing happened to the UID: the decision was a refusal.
    expect(c.state.uid(A.idNumber)?.state).toBe('active');
  });
});
