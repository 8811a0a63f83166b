/**
 * Sync against the reference central registry on 127.0.0.1 (test/central/): the real app in the
 * test process with its real SQLite file, the worker's real HTTP client, faults injected by the
 * server. Waiting is on events (`applications.decided`, `sync.status`), never on sleeps.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ApplicationDetail, EventName, Notification } from '../../preload/contract';
import { listAuditBySubject } from '../../db';
import { startCentralServer, type CentralServer } from '../central/server';
import type { HttpClient } from '../harness';
import { seedRoles, startInProcess, type InProcess, syncStatusWhere } from '../support/in-process';
import { seedSignedApplications, syntheticPerson } from '../support/sync-load';

const SYNC = {
  backoff: { baseMs: 20, capMs: 400 },
  offlineCheckMs: 100,
  decisionsPollMs: 40,
  idlePollMs: 500,
  timeoutMs: 3000,
};

/** Ковалёв Андрей Николаевич from the demo registry: known, no UID yet. */
const KOVALEV = {
  procedure: 'issue',
  idNumber: '3150385M001PB2',
  person: { surname: 'Ковалёв', givenNames: 'Андрей', patronymic: 'Николаевич', birthDate: '1985-03-15', sex: 'M', citizenship: 'BLR' },
  document: { type: 'passport_by', series: 'MP', number: '2345671', expiresAt: '2031-04-11' },
  phone: '+375291112233',
  consent: true,
} as const;
/** The phone of Климович Елена's existing UID. */
const PHONE_IN_USE = '+375447654321';

let central: CentralServer | null = null;
let env: InProcess | null = null;
afterEach(async () => {
  await env?.close();
  await central?.close();
  env = null;
  central = null;
});

type Seen = { name: EventName; payload: unknown }[];

async function setUp(options: { registry?: Parameters<typeof startCentralServer>[0]; batchSize?: number } = {}) {
  central = await startCentralServer({ port: 0, decisionDelayMs: 10, exposeSms: true, seed: 7, ...options.registry });
  env = await startInProcess({
    realClock: true,
    sync: { ...SYNC, ...(options.batchSize !== undefined && { batchSize: options.batchSize }) },
  });
  const seen: Seen = [];
  env.app.bus.listen((_c, name, payload) => void seen.push({ name, payload }));
  const roles = await seedRoles(env);
  const saved = await roles.admin.call('settings.update', { registryUrl: central.url });
  expect(saved.ok).toBe(true);
  const token = await roles.admin.call('registry.setToken', { token: 'dev-token' });
  expect(token).toMatchObject({ ok: true, value: { registryToken: 'set' } });
  return { ...roles, seen, env, central };
}

/** Resolves once `n` applications were decided (counting those already seen). */
function decisions(e: InProcess, seen: Seen, n: number, timeoutMs = 60_000): Promise<void> {
  const count = () => seen.filter((s) => s.name === 'applications.decided').length;
  if (count() >= n) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`only ${count()} of ${n} decided within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = e.app.bus.listen((_c, name) => {
      if (name === 'applications.decided' && count() >= n) {
        clearTimeout(timer);
        off();
        resolve();
      }
    });
  });
}

const statusWhere = syncStatusWhere;

/**
 * The SMS round trip a clerk does while the registry answers: send the code, read it as the citizen
 * would (the registry's test endpoint), check it; returns the confirmation id for the application.
 */
async function confirmPhone(clerk: HttpClient, c: CentralServer, phone: string, idNumber?: string): Promise<string> {
  const sent = await clerk.call<{ confirmationId: string }>('phone.sendCode', { phone, ...(idNumber !== undefined && { idNumber }) });
  if (!sent.ok) throw new Error(JSON.stringify(sent));
  const code = c.state.smsMessages(phone)[0]?.code ?? '';
  const checked = await clerk.call('phone.verifyCode', { confirmationId: sent.value.confirmationId, code });
  expect(checked).toMatchObject({ ok: true, value: { verified: true } });
  return sent.value.confirmationId;
}

async function takeAndSign(clerk: HttpClient, input: unknown): Promise<ApplicationDetail> {
  const created = await clerk.call<ApplicationDetail>('applications.create', input);
  if (!created.ok) throw new Error(JSON.stringify(created));
  expect((await clerk.call('applications.markPrinted', { id: created.value.id })).ok).toBe(true);
  const signed = await clerk.call<ApplicationDetail>('applications.sign', { id: created.value.id });
  if (!signed.ok) throw new Error(JSON.stringify(signed));
  return signed.value;
}

describe('sync with the reference registry', () => {
  it('a signed issue goes at once, is approved, and its clerk is told; the UID is on the application', async () => {
    const { clerk, seen, env: e, central: c } = await setUp();
    const phoneConfirmationId = await confirmPhone(clerk, c, KOVALEV.phone, KOVALEV.idNumber);
    const app = await takeAndSign(clerk, { ...KOVALEV, phoneConfirmationId });
    expect(app).toMatchObject({ phoneConfirmation: 'sms_code', phoneDeferredReason: null, registryUnchecked: false });
    await decisions(e, seen, 1);
    const detail = await clerk.call<ApplicationDetail>('applications.get', { id: app.id });
    expect(detail).toMatchObject({
      ok: true,
      value: { state: 'approved', temporaryPasswordSent: true, personal: { uid: KOVALEV.idNumber } },
    });
    const notes = await clerk.call<{ items: Notification[]; unread: number }>('notifications.list');
    expect(notes).toMatchObject({ ok: true, value: { unread: 1, items: [{ applicationId: app.id, outcome: 'approved' }] } });
    const actions = (await listAuditBySubject(e.app.deps.db, app.id)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['application.signed', 'application.sent', 'application.approved']));
    const status = await statusWhere(e, (s) => s.pending === 0 && s.awaitingDecision === 0);
    expect(status).toMatchObject({ configured: true, online: true, lastError: null });
  });

  it('a refusal (phone in use) reaches the application and the notification with its reason in Russian', async () => {
    const { clerk, seen, env: e, central: c } = await setUp();
    // Sent without the ID number (as a 1.0 desk would), the registry texts the code; its decision refuses the phone.
    const phoneConfirmationId = await confirmPhone(clerk, c, PHONE_IN_USE);
    const app = await takeAndSign(clerk, { ...KOVALEV, phone: PHONE_IN_USE, phoneConfirmationId });
    await decisions(e, seen, 1);
    const detail = await clerk.call<ApplicationDetail>('applications.get', { id: app.id });
    expect(detail).toMatchObject({ ok: true, value: { state: 'refused', refusalReasons: ['PHONE_IN_USE'] } });
    const notes = await clerk.call<{ items: Notification[] }>('notifications.list');
    expect(notes.ok && notes.value.items[0]?.reasons[0]).toContain('уже привязан к другому уникальному идентификатору');
    const read = await clerk.call<{ unread: number }>('notifications.markRead', {
      ids: [notes.ok ? (notes.value.items[0]?.id ?? '') : ''],
    });
    expect(read).toMatchObject({ ok: true, value: { unread: 0 } });
  });

  it('SMS confirmation: wrong code, right code, and the application says sms_code; an unverified id is refused', async () => {
    const { clerk, seen, env: e, central: c } = await setUp();
    const sent = await clerk.call<{ confirmationId: string }>('phone.sendCode', { phone: '+375 29 111-22-33' });
    if (!sent.ok) throw new Error(JSON.stringify(sent));
    const code = c.state.smsMessages('+375291112233')[0]?.code ?? '';
    expect(code).toMatch(/^\d{6}$/);
    const wrong = await clerk.call('phone.verifyCode', {
      confirmationId: sent.value.confirmationId,
      code: code === '000000' ? '111111' : '000000',
    });
    expect(wrong).toMatchObject({ ok: true, value: { verified: false, attemptsLeft: 2 } });

    const early = await clerk.call('applications.create', { ...KOVALEV, phoneConfirmationId: sent.value.confirmationId });
    expect(early).toMatchObject({
      ok: false,
      error: { code: 'precondition', fields: { phone: expect.stringContaining('не подтверждён') } },
    });

    const right = await clerk.call('phone.verifyCode', { confirmationId: sent.value.confirmationId, code });
    expect(right).toMatchObject({ ok: true, value: { verified: true } });
    const app = await takeAndSign(clerk, { ...KOVALEV, phoneConfirmationId: sent.value.confirmationId });
    expect(app.phoneConfirmation).toBe('sms_code');
    await decisions(e, seen, 1);
    expect(c.state.submission(app.id)).toMatchObject({
      phoneConfirmation: { method: 'sms_code', confirmationId: sent.value.confirmationId },
    });
    expect((await clerk.call<ApplicationDetail>('applications.get', { id: app.id })).ok).toBe(true);
  });

  it('an office that does not allow deferred confirmation refuses an unconfirmed phone', async () => {
    const { admin, clerk } = await setUp();
    expect((await admin.call('settings.update', { allowDeferredPhone: false })).ok).toBe(true);
    const r = await clerk.call('applications.create', KOVALEV);
    expect(r).toMatchObject({ ok: false, error: { code: 'precondition', fields: { phone: expect.stringContaining('кодом из SMS') } } });
  });

  it('offline: lookup and code say so; 200 applications taken while the registry is down all go when it is back, unasked', async () => {
    const { clerk, seen, env: e, central: c } = await setUp();
    await statusWhere(e, (s) => s.online === true);
    await c.stop();
    const lookup = await clerk.call('citizens.lookup', { idNumber: KOVALEV.idNumber });
    expect(lookup).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('Нет связи с реестром') } });
    const code = await clerk.call('phone.sendCode', { phone: '+375291112233' });
    expect(code).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('Нет связи с реестром') } });
    await statusWhere(e, (s) => s.online === false);

    const people = Array.from({ length: 200 }, (_, i) => syntheticPerson(i));
    const clerkRow = (await e.app.deps.db('clerks').where({ login: 'clerk' }).first()) as { id: string };
    await seedSignedApplications(
      e.app.deps.db,
      e.app.deps.cipher,
      { clerkId: clerkRow.id, officeCode: '00', workstationId: '1', year: 2026, now: new Date() },
      people,
    );
    e.app.deps.sync.kick();
    await statusWhere(e, (s) => s.online === false && s.pending === 200);

    await c.start();
    // Nobody presses anything: the health check finds the registry and the queue drains.
    await decisions(e, seen, 200);
    const status = await statusWhere(e, (s) => s.online === true && s.pending === 0 && s.awaitingDecision === 0);
    expect(status.online).toBe(true);
    const states = (await e.app.deps.db('applications').select('state').count({ n: '*' }).groupBy('state')) as {
      state: string;
      n: number;
    }[];
    // Unknown to the registry: each is decided (refused with VERIFICATION_MISMATCH), none left waiting.
    expect(states).toEqual([{ state: 'refused', n: 200 }]);
  });

  it('1,000 applications through 30% mixed faults: all decided, each accepted and decided exactly once at the registry', async () => {
    const people = Array.from({ length: 1000 }, (_, i) => syntheticPerson(i));
    // Batches of 20: enough requests for every kind of fault to have its turn.
    const { seen, env: e, central: c } = await setUp({ registry: { registry: people.map(({ phone: _p, ...p }) => p) }, batchSize: 20 });
    const clerkRow = (await e.app.deps.db('clerks').where({ login: 'clerk' }).first()) as { id: string };
    c.setFaults('rate=0.3,kinds=500+503+429+drop-before+drop-after+garbage,latency=0-5');
    const ids = await seedSignedApplications(
      e.app.deps.db,
      e.app.deps.cipher,
      { clerkId: clerkRow.id, officeCode: '00', workstationId: '1', year: 2026, now: new Date() },
      people,
    );
    e.app.deps.sync.kick();
    await decisions(e, seen, 1000, 240_000);
    c.setFaults(null);
    for (const id of ids) {
      expect(c.stats.acceptedCount(id)).toBe(1);
      expect(c.stats.decisionsCount(id)).toBe(1);
    }
    const states = (await e.app.deps.db('applications').select('state').count({ n: '*' }).groupBy('state')) as {
      state: string;
      n: number;
    }[];
    expect(states).toEqual([{ state: 'approved', n: 1000 }]);
    const faults = (['500', '503', '429', 'drop-before', 'drop-after', 'garbage'] as const).map((k) => c.stats.faultCount(k));
    // About 30% of the requests failed, in more than one way.
    expect(faults.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.15 * c.stats.requests);
    expect(faults.filter((n) => n > 0).length).toBeGreaterThanOrEqual(4);
    const decidedEvents = seen
      .filter((s) => s.name === 'applications.decided')
      .map((s) => (s.payload as { applicationId: string }).applicationId);
    expect(new Set(decidedEvents).size).toBe(1000);
  }, 300_000);
});
