/**
 * An office of two desks (issue 14): two data folders, two apps, one reference registry with a
 * token per desk. Each desk takes 50 «Выдача УИ» for fresh people, half online (real SMS
 * round-trip) and half while the registry is down (deferred phone); the 100 journal numbers are
 * distinct, each is on its own label (the ZPL the simulated printer received) and in the
 * registry's copy of its submission, with who took it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPrinterSettings, type ApplicationDetail, type SyncStatus } from '../../preload/contract';
import { findOutboxItem } from '../../db';
import { startCentralServer, type CentralServer } from '../central/server';
import type { HttpClient } from '../harness';
import { LabelPrinterSim } from '../simulators/label-printer';
import { createPtyPair, type PtyPair } from '../simulators/pty';
import { seedRoles, startInProcess, type InProcess, syncStatusWhere } from '../support/in-process';
import { syntheticPerson } from '../support/sync-load';

const SYNC = { backoff: { baseMs: 20, capMs: 400 }, offlineCheckMs: 100, decisionsPollMs: 40, idlePollMs: 500, timeoutMs: 3000 };
const OFFICE = 'MN-07';
const PER_DESK = 50;
const people = Array.from({ length: 2 * PER_DESK }, (_, i) => syntheticPerson(7000 + i));

interface Desk {
  ws: '1' | '2';
  token: string;
  env: InProcess;
  clerk: HttpClient;
  admin: HttpClient;
  pty: PtyPair;
  printer: LabelPrinterSim;
  taken: ApplicationDetail[];
}

let central: CentralServer;
const desks: Desk[] = [];

const statusWhere = (e: InProcess, match: (s: SyncStatus) => boolean, timeoutMs = 120_000): Promise<SyncStatus> =>
  syncStatusWhere(e, match, timeoutMs);

/** Resolves once the printer simulator holds `n` labels. */
function labelsPrinted(sim: LabelPrinterSim, n: number, timeoutMs = 120_000): Promise<void> {
  if (sim.labels.length >= n) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${sim.labels.length} of ${n} labels printed`)), timeoutMs);
    const onLabel = () => {
      if (sim.labels.length < n) return;
      clearTimeout(timer);
      sim.off('label', onLabel);
      resolve();
    };
    sim.on('label', onLabel);
  });
}

async function openDesk(ws: '1' | '2'): Promise<Desk> {
  const token = `desk-${ws}-token`;
  const env = await startInProcess({ realClock: true, sync: SYNC });
  const { admin, clerk } = await seedRoles(env, { officeCode: OFFICE, workstationId: ws });
  const pty = await createPtyPair();
  const printer = await LabelPrinterSim.open(pty.simPath);
  const saved = await admin.call('settings.update', {
    registryUrl: central.url,
    printer: { ...defaultPrinterSettings, path: pty.devicePath },
  });
  expect(saved.ok).toBe(true);
  expect((await admin.call('registry.setToken', { token })).ok).toBe(true);
  return { ws, token, env, clerk, admin, pty, printer, taken: [] };
}

/** The code the registry "texted", read from its test-only endpoint as a clerk hears it read out. */
async function smsCode(phone: string): Promise<string> {
  const res = await fetch(`${central.url}_test/sms?phone=${encodeURIComponent(phone)}`);
  const body = (await res.json()) as { messages: { code: string }[] };
  const code = body.messages[0]?.code;
  if (code === undefined) throw new Error(`no SMS for ${phone}`);
  return code;
}

async function take(desk: Desk, person: (typeof people)[number], online: boolean): Promise<void> {
  const doc = person.documents[0];
  if (doc === undefined) throw new Error('a synthetic person has a document');
  let phoneConfirmationId: string | undefined;
  if (online) {
    const sent = await desk.clerk.call<{ confirmationId: string }>('phone.sendCode', { phone: person.phone });
    if (!sent.ok) throw new Error(JSON.stringify(sent));
    const verified = await desk.clerk.call('phone.verifyCode', {
      confirmationId: sent.value.confirmationId,
      code: await smsCode(person.phone),
    });
    expect(verified).toMatchObject({ ok: true, value: { verified: true } });
    phoneConfirmationId = sent.value.confirmationId;
  }
  const created = await desk.clerk.call<ApplicationDetail>('applications.create', {
    procedure: 'issue',
    idNumber: person.idNumber,
    person: {
      surname: person.surname,
      givenNames: person.givenNames,
      patronymic: person.patronymic,
      birthDate: person.birthDate,
      sex: person.sex,
      citizenship: person.citizenship,
    },
    document: { type: doc.type, series: doc.series, number: doc.number, expiresAt: doc.expiresAt },
    phone: person.phone,
    consent: true,
    ...(phoneConfirmationId !== undefined && { phoneConfirmationId }),
  });
  if (!created.ok) throw new Error(JSON.stringify(created));
  expect(created.value.phoneConfirmation).toBe(online ? 'sms_code' : 'deferred');
  expect((await desk.clerk.call('applications.markPrinted', { id: created.value.id })).ok).toBe(true);
  const signed = await desk.clerk.call<ApplicationDetail>('applications.sign', { id: created.value.id });
  if (!signed.ok) throw new Error(JSON.stringify(signed));
  desk.taken.push(signed.value);
}

beforeAll(async () => {
  central = await startCentralServer({
    port: 0,
    decisionDelayMs: 5,
    exposeSms: true,
    registry: people.map(({ phone: _p, ...p }) => p),
    token: [`desk-1-token=${OFFICE}/1`, `desk-2-token=${OFFICE}/2`],
  });
  desks.push(await openDesk('1'), await openDesk('2'));
}, 120_000);

afterAll(async () => {
  for (const d of desks) {
    await d.env.close();
    await d.printer.close();
    await d.pty.close();
  }
  await central.close();
});

describe('two desks of one office, one registry', () => {
  it(`${PER_DESK} applications on each, half offline: ${2 * PER_DESK} distinct numbers, on their labels and at the registry`, async () => {
    const half = PER_DESK / 2;
    const mine = (d: Desk, from: number, count: number) =>
      people.slice((d.ws === '1' ? 0 : PER_DESK) + from, (d.ws === '1' ? 0 : PER_DESK) + from + count);

    // Online: both desks at once, each person's phone confirmed by the SMS code.
    await Promise.all(
      desks.map(async (d) => {
        for (const p of mine(d, 0, half)) await take(d, p, true);
      }),
    );
    // The registry goes away; both desks go on with the phone confirmed later by the registry.
    await central.stop();
    await Promise.all(desks.map((d) => statusWhere(d.env, (s) => s.online === false)));
    await Promise.all(
      desks.map(async (d) => {
        for (const p of mine(d, half, half)) await take(d, p, false);
      }),
    );
    await central.start();
    await Promise.all(desks.map((d) => statusWhere(d.env, (s) => s.online === true && s.pending === 0 && s.awaitingDecision === 0)));

    const all = desks.flatMap((d) => d.taken);
    expect(all).toHaveLength(2 * PER_DESK);
    const numbers = all.map((a) => a.journalNo);
    expect(new Set(numbers).size).toBe(2 * PER_DESK);
    for (const d of desks) {
      for (const a of d.taken) {
        expect(a.journalNo).toMatch(new RegExp(`^\\d{4}/0${d.ws}-\\d{6}$`));
        // The registry holds each with its number and who took it.
        expect(central.state.submission(a.id)).toMatchObject({
          officeCode: OFFICE,
          workstationId: d.ws,
          journalNo: a.journalNo,
          clerkLogin: 'clerk',
          clerkName: 'Тестовый clerk',
        });
        // What the submission said was fixed at signing: the same body on every retry.
        expect((await findOutboxItem(d.env.app.deps.db, a.id))?.deskFields).toEqual({
          journalNo: a.journalNo,
          clerkLogin: 'clerk',
          clerkName: 'Тестовый clerk',
        });
        const detail = await d.clerk.call<ApplicationDetail>('applications.get', { id: a.id });
        expect(detail).toMatchObject({ ok: true, value: { state: 'approved' } });
      }
      // Every label this desk printed carries one of its numbers, each exactly once.
      await labelsPrinted(d.printer, PER_DESK);
      const printed = d.printer.labels.map((l) => d.taken.find((a) => l.fields.includes(a.journalNo))?.journalNo);
      expect(printed.sort()).toEqual(d.taken.map((a) => a.journalNo).sort());
      for (const label of d.printer.labels) expect(label.zpl).toMatch(/\^BC[^^]*\^FH_\^FD\d{4}\/0[12]-\d{6}\^FS/);
    }
  }, 600_000);

  it('a clerk renamed while an application waits: it goes with the name it was signed under (a retry is the same body)', async () => {
    const one = desks[0];
    if (one === undefined) throw new Error('two desks');
    await central.stop();
    await statusWhere(one.env, (s) => s.online === false);
    const before = one.taken.length;
    await take(one, syntheticPerson(7100), false);
    const waiting = one.taken[before];
    if (waiting === undefined) throw new Error('taken');
    const clerks = await one.admin.call<{ clerks: { id: string; login: string }[] }>('clerks.list');
    const id = clerks.ok ? clerks.value.clerks.find((c) => c.login === 'clerk')?.id : undefined;
    expect((await one.admin.call('clerks.update', { id, fullName: 'Переименованный Оператор' })).ok).toBe(true);
    await central.start();
    await statusWhere(one.env, (s) => s.online === true && s.pending === 0 && s.awaitingDecision === 0);
    expect(central.state.submission(waiting.id)).toMatchObject({ journalNo: waiting.journalNo, clerkName: 'Тестовый clerk' });
  }, 120_000);

  it('a desk token: the decisions feed has only that desk’s own submissions; another desk’s item is refused with 403', async () => {
    const [one, two] = desks;
    if (one === undefined || two === undefined) throw new Error('two desks');
    const feed = async (token: string) => {
      const res = await fetch(`${central.url}v1/decisions?limit=500`, { headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: { submissionId: string }[] }).items.map((i) => i.submissionId);
    };
    expect((await feed(one.token)).sort()).toEqual(one.taken.map((a) => a.id).sort());
    expect((await feed(two.token)).sort()).toEqual(two.taken.map((a) => a.id).sort());

    const stored = central.state.submission(two.taken[0]?.id ?? '');
    const res = await fetch(`${central.url}v1/submissions`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${one.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ items: [{ ...stored, id: crypto.randomUUID() }] }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ type: expect.stringContaining('wrong-office') });
  });
});
