/**
 * Issue 13, main process: the phone is confirmed by SMS while the registry answers, the registry is
 * asked before the citizen signs, and a phone on another person's UID is refused before any SMS.
 * The real app in the test process against the reference registry on 127.0.0.1; each case uses
 * fresh synthetic people the registry knows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ApplicationDetail, Procedure } from '../../preload/contract';
import { procedures } from '../../preload/contract';
import { listAudit } from '../../db';
import { startCentralServer, type CentralServer } from '../central/server';
import type { HttpClient } from '../harness';
import { seedRoles, startInProcess, type InProcess } from '../support/in-process';
import { applicationInput, syntheticPerson } from '../support/sync-load';

const SYNC = { backoff: { baseMs: 20, capMs: 400 }, offlineCheckMs: 100, decisionsPollMs: 40, idlePollMs: 500, timeoutMs: 3000 };

/** People 500.. of the synthetic set: nobody else's tests use them. */
const people = Array.from({ length: 40 }, (_, i) => syntheticPerson(500 + i));
let next = 0;
const fresh = () => {
  const p = people[next++ % people.length];
  if (p === undefined) throw new Error('no person');
  return p;
};

let central: CentralServer | null = null;
let env: InProcess | null = null;
afterEach(async () => {
  await env?.close();
  await central?.close();
  env = null;
  central = null;
});

async function setUp(options: { decisionDelayMs?: number } = {}) {
  central = await startCentralServer({
    port: 0,
    decisionDelayMs: options.decisionDelayMs ?? 10,
    exposeSms: true,
    seed: 13,
    registry: people.map(({ phone: _p, ...p }) => p),
  });
  env = await startInProcess({ realClock: true, sync: SYNC });
  const roles = await seedRoles(env);
  expect((await roles.admin.call('settings.update', { registryUrl: central.url })).ok).toBe(true);
  expect((await roles.admin.call('registry.setToken', { token: 'dev-token' })).ok).toBe(true);
  return { ...roles, env, central };
}

type Person = ReturnType<typeof fresh>;

const input = applicationInput;

/** The SMS round trip: send with the person's number, read the code at the registry, verify. */
async function confirmPhone(clerk: HttpClient, c: CentralServer, phone: string, idNumber: string): Promise<string> {
  const sent = await clerk.call<{ confirmationId: string }>('phone.sendCode', { phone, idNumber });
  if (!sent.ok) throw new Error(JSON.stringify(sent));
  const code = c.state.smsMessages(phone)[0]?.code ?? '';
  expect((await clerk.call('phone.verifyCode', { confirmationId: sent.value.confirmationId, code })).ok).toBe(true);
  return sent.value.confirmationId;
}

const giveUid = (c: CentralServer, p: Person, state: 'active' | 'blocked') =>
  c.state.setUid(p.idNumber, { state, phone: p.phone, assignedAt: '2026-01-10T09:00:00.000Z' });

async function auditActions(e: InProcess, action: string) {
  return (await listAudit(e.app.deps.db, { action, limit: 100 })).entries;
}

describe('phone confirmation as the seed says', () => {
  it('online: issue without a verified code → precondition on phone; with the round trip → sms_code', async () => {
    const { clerk, central: c } = await setUp();
    const p = fresh();
    const refused = await clerk.call('applications.create', input('issue', p));
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'precondition', fields: { phone: expect.stringContaining('кодом из SMS') } },
    });
    const phoneConfirmationId = await confirmPhone(clerk, c, p.phone, p.idNumber);
    const created = await clerk.call<ApplicationDetail>('applications.create', input('issue', p, { phoneConfirmationId }));
    expect(created).toMatchObject({
      ok: true,
      value: { phoneConfirmation: 'sms_code', phoneDeferredReason: null, registryUnchecked: false },
    });
  });

  it('registry stopped, policy on → deferred with its reason, marked unchecked; policy off → refused', async () => {
    const { admin, clerk, central: c } = await setUp();
    await c.stop();
    const p = fresh();
    const created = await clerk.call<ApplicationDetail>('applications.create', input('issue', p));
    expect(created).toMatchObject({
      ok: true,
      value: { phoneConfirmation: 'deferred', phoneDeferredReason: 'registry_unreachable', registryUnchecked: true },
    });
    expect((await admin.call('settings.update', { allowDeferredPhone: false })).ok).toBe(true);
    const refused = await clerk.call('applications.create', input('issue', fresh()));
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'precondition', fields: { phone: expect.stringContaining('Нет связи с реестром') } },
    });
  });
});

describe('the registry is asked before the citizen signs', () => {
  // What the registry would refuse (DOMAIN.md 1.2); null: created.
  const refusedWith: Record<Procedure, Record<'none' | 'active' | 'blocked', string | null>> = {
    issue: { none: null, active: 'UID_ALREADY_ASSIGNED', blocked: 'UID_ALREADY_ASSIGNED' },
    block: { none: 'UID_NOT_ASSIGNED', active: null, blocked: 'UID_ALREADY_BLOCKED' },
    unblock: { none: 'UID_NOT_ASSIGNED', active: 'UID_NOT_BLOCKED', blocked: null },
    change_phone: { none: 'UID_NOT_ASSIGNED', active: null, blocked: 'UID_ALREADY_BLOCKED' },
    reset_password: { none: 'UID_NOT_ASSIGNED', active: null, blocked: 'UID_ALREADY_BLOCKED' },
  };

  it('5 procedures × 3 UID states: exactly the registry-refused combinations are refused before creation, with the reason and an audit row', async () => {
    const { clerk, central: c, env: e } = await setUp();
    const outcomes: string[] = [];
    for (const procedure of procedures) {
      for (const state of ['none', 'active', 'blocked'] as const) {
        const p = fresh();
        if (state !== 'none') giveUid(c, p, state);
        // The new phone of a phone change is one nobody holds: the person's own is on their UID.
        const phone = procedure === 'change_phone' ? `+37533${p.phone.slice(-7)}` : p.phone;
        const extra: Record<string, unknown> = procedure === 'change_phone' ? { phone } : {};
        if (procedure === 'issue' || procedure === 'change_phone') {
          // The code can be had whatever the UID state: the pre-check is what refuses.
          extra.phoneConfirmationId = await confirmPhone(clerk, c, phone, p.idNumber);
        }
        const r = await clerk.call<ApplicationDetail>('applications.create', input(procedure, p, extra));
        const expected = refusedWith[procedure][state];
        outcomes.push(`${procedure}/${state}: ${r.ok ? 'created' : (r.error.reason?.code ?? r.error.code)}`);
        if (expected === null) {
          expect(r, `${procedure}/${state}`).toMatchObject({ ok: true, value: { registryUnchecked: false, state: 'draft' } });
        } else {
          expect(r, `${procedure}/${state}`).toMatchObject({
            ok: false,
            error: {
              code: 'registry_refused',
              reason: { code: expected },
              fields: { idNumber: expect.stringContaining('Реестр не примет') },
            },
          });
        }
      }
    }
    expect(outcomes).toEqual(
      procedures.flatMap((pr) => (['none', 'active', 'blocked'] as const).map((s) => `${pr}/${s}: ${refusedWith[pr][s] ?? 'created'}`)),
    );
    const refusals = await auditActions(e, 'application.registry_refused');
    expect(refusals).toHaveLength(10);
    expect(JSON.stringify(refusals)).not.toContain(people[0]?.surname ?? '?');
    // Nothing refused was written: 5 applications, one per allowed combination.
    const count = (await e.app.deps.db('applications').count({ n: '*' }).first()) as { n: number };
    expect(Number(count.n)).toBe(5);
  });

  it('pending: the same procedure undecided at the registry from another desk → DUPLICATE_PENDING naming that desk', async () => {
    const { clerk, central: c } = await setUp({ decisionDelayMs: 600_000 });
    const p = fresh();
    giveUid(c, p, 'active');
    const other = { ...input('block', p), consent: undefined };
    const response = await fetch(`${c.url}v1/submissions`, {
      method: 'POST',
      headers: { Authorization: 'Bearer dev-token', 'Content-Type': 'application/json' },
      body: JSON.stringify({
        items: [
          {
            id: crypto.randomUUID(),
            procedure: 'block',
            idNumber: p.idNumber,
            person: other.person,
            document: other.document,
            consentToVerification: true,
            officeCode: 'MINSK-01',
            workstationId: 'ws-07',
            clerkId: 'someone',
            signedAt: new Date().toISOString(),
          },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const r = await clerk.call('applications.create', input('block', p));
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'registry_refused',
        reason: { code: 'DUPLICATE_PENDING', params: { officeCode: 'MINSK-01', workstationId: 'ws-07' } },
        message: expect.stringContaining('рабочее место ws-07'),
      },
    });
    // «Состояние УИ в реестре» shows it too.
    expect(await clerk.call('citizens.lookup', { idNumber: p.idNumber })).toMatchObject({
      ok: true,
      value: { state: 'active', pending: [{ procedure: 'block', officeCode: 'MINSK-01', workstationId: 'ws-07' }] },
    });
    // Another procedure for the same person is not held up by it.
    expect((await clerk.call('applications.create', input('reset_password', p))).ok).toBe(true);
  });

  it('recent: a new password approved within 24 h needs confirmRecent', async () => {
    const { clerk, central: c, env: e } = await setUp();
    const p = fresh();
    giveUid(c, p, 'active');
    // The desk applies the decision too (its journal then has no open one: the registry's `recent` is what refuses).
    const applied = new Promise<void>((resolve) => {
      const off = e.app.bus.listen((_c, name) => {
        if (name !== 'applications.decided') return;
        off();
        resolve();
      });
    });
    const first = await clerk.call<ApplicationDetail>('applications.create', input('reset_password', p));
    if (!first.ok) throw new Error(JSON.stringify(first));
    expect((await clerk.call('applications.markPrinted', { id: first.value.id })).ok).toBe(true);
    expect((await clerk.call('applications.sign', { id: first.value.id })).ok).toBe(true);
    expect((await c.stats.waitForDecision(first.value.id)).outcome).toBe('approved');
    await applied;
    const again = await clerk.call('applications.create', input('reset_password', p));
    expect(again).toMatchObject({ ok: false, error: { code: 'recent_application', reason: { code: 'RECENT_APPLICATION' } } });
    const confirmed = await clerk.call('applications.create', input('reset_password', p, { confirmRecent: true }));
    expect(confirmed.ok).toBe(true);
  });

  it('created offline: marked unchecked, and at signing with the registry back the registry is asked (refused, then allowed)', async () => {
    const { clerk, central: c, env: e } = await setUp();
    await c.stop();
    const refusedLater = fresh();
    const fine = fresh();
    const take = async (p: Person) => {
      const r = await clerk.call<ApplicationDetail>('applications.create', input('block', p));
      if (!r.ok) throw new Error(JSON.stringify(r));
      expect(r.value).toMatchObject({ registryUnchecked: true });
      expect((await clerk.call('applications.markPrinted', { id: r.value.id })).ok).toBe(true);
      return r.value.id;
    };
    const a = await take(refusedLater);
    const b = await take(fine);
    await c.start();
    giveUid(c, fine, 'active');
    // refusedLater has no UID: blocking it cannot succeed.
    const signA = await clerk.call('applications.sign', { id: a });
    expect(signA).toMatchObject({ ok: false, error: { code: 'registry_refused', reason: { code: 'UID_NOT_ASSIGNED' } } });
    // Refused at signing: nothing moved, the clerk cancels it.
    expect(await clerk.call<ApplicationDetail>('applications.get', { id: a })).toMatchObject({
      ok: true,
      value: { state: 'awaiting_signature', registryUnchecked: true },
    });
    const signB = await clerk.call<ApplicationDetail>('applications.sign', { id: b });
    expect(signB).toMatchObject({ ok: true, value: { state: 'queued', registryUnchecked: false } });
    const audits = await auditActions(e, 'application.registry_refused');
    expect(audits.map((x) => x.subject)).toEqual([a]);
  });

  it('a phone tied to another UID is refused at phone.sendCode, and the registry texted nothing', async () => {
    const { clerk, central: c, env: e } = await setUp();
    const holder = fresh();
    giveUid(c, holder, 'active');
    const p = fresh();
    const r = await clerk.call('phone.sendCode', { phone: holder.phone, idNumber: p.idNumber });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'precondition', reason: { code: 'PHONE_IN_USE' }, fields: { phone: expect.stringContaining('уже привязан') } },
    });
    expect(c.state.smsMessages(holder.phone)).toEqual([]);
    expect(await auditActions(e, 'application.registry_refused')).toHaveLength(1);
    // The holder's own number for the holder is not "another person's".
    expect((await clerk.call('phone.sendCode', { phone: holder.phone, idNumber: holder.idNumber })).ok).toBe(true);
    expect(c.state.smsMessages(holder.phone)).toHaveLength(1);
  });
});

describe('the document expiry is checked again at signing', () => {
  it('a document that expired between printing and signing is refused at signing', async () => {
    // No registry here: the check is the desk's own, with the test's clock.
    env = await startInProcess();
    const { clerk } = await seedRoles(env);
    const p = fresh();
    const r = await clerk.call<ApplicationDetail>(
      'applications.create',
      input('block', p, { document: { type: 'passport_by', series: 'MP', number: '7000001', expiresAt: '2026-11-23' } }),
    );
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.value).toMatchObject({ registryUnchecked: true, phoneDeferredReason: null });
    expect((await clerk.call('applications.markPrinted', { id: r.value.id })).ok).toBe(true);
    env.clock.advance(86_400_000);
    const signed = await clerk.call('applications.sign', { id: r.value.id });
    expect(signed).toMatchObject({ ok: false, error: { code: 'precondition', fields: { 'document.expiresAt': expect.any(String) } } });
  });
});
