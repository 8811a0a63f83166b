/**
 * The devices inside the running app: settings from the «Устройства» screen's channel, the real
 * serialport adapter over socat pty pairs, the reader and printer simulators, events on the bus,
 * scans taken once, labels after «Подписано», and the audit trail of all of it.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultPrinterSettings,
  defaultReaderSettings,
  type ApplicationLabel,
  type DevicesStatus,
  type EventName,
  type ScanEvent,
  type ScannedDocument,
} from '../../preload/contract';
import { removeDir, tempDir, type HttpClient } from '../harness';
import { openReaderSimulator, type ReaderSimulator } from '../simulators/card-reader';
import { LabelPrinterSim } from '../simulators/label-printer';
import { createPtyPair, type PtyPair } from '../simulators/pty';
import { seedRoles, startInProcess, type InProcess } from '../support/in-process';

const TD3 = 'PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\nMP12345677BLR8702274M30011563270287A012PB284';
/** The same passport with its document-number check digit changed (7 → 8). */
const TD3_BAD_CHECK = 'PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\nMP12345678BLR8702274M30011563270287A012PB284';
const DEVICE_TIMINGS = {
  backoff: { initialMs: 20, maxMs: 200 },
  printerStatusTimeoutMs: 400,
  printerPollMs: 100,
  printerIdleCheckMs: 150,
};

type Entry = { action: string; subject: string | null; details: Record<string, unknown> };

let env: InProcess;
let admin: HttpClient;
let supervisor: HttpClient;
let clerk: HttpClient;
const events: { name: EventName; payload: unknown }[] = [];
const cleanups: (() => Promise<unknown>)[] = [];

beforeEach(async () => {
  env = await startInProcess({ devices: DEVICE_TIMINGS });
  env.app.bus.listen((_client, name, payload) => void events.push({ name, payload }));
  ({ admin, supervisor, clerk } = await seedRoles(env));
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  await env.close();
  events.length = 0;
});

/** The first event (already seen or still to come) that matches. */
function event<T>(name: EventName, match: (payload: T) => boolean, timeoutMs = 3000, from = 0): Promise<T> {
  const seen = events.slice(from).find((e) => e.name === name && match(e.payload as T));
  if (seen) return Promise.resolve(seen.payload as T);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${name} event matched within ${timeoutMs} ms; last: ${JSON.stringify(events.at(-1))}`));
    }, timeoutMs);
    const off = env.app.bus.listen((_c, n, payload) => {
      if (n !== name || !match(payload as T)) return;
      clearTimeout(timer);
      off();
      resolve(payload as T);
    });
  });
}

const readerIs = (state: string) => (s: DevicesStatus) => s.reader.status.state === state;
const printerIs = (state: string) => (s: DevicesStatus) => s.printer.status.state === state;

async function auditEntries(): Promise<Entry[]> {
  const r = await supervisor.call<{ entries: Entry[] }>('audit.list', { limit: 500 });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.value.entries;
}

async function pty(devicePath?: string, simPath?: string): Promise<PtyPair> {
  const pair = await createPtyPair({ ...(devicePath && { devicePath }), ...(simPath && { simPath }) });
  cleanups.push(() => pair.close());
  return pair;
}

async function withReader(paths: { devicePath?: string; simPath?: string } = {}): Promise<{ pair: PtyPair; sim: ReaderSimulator }> {
  const pair = await pty(paths.devicePath, paths.simPath);
  const sim = await openReaderSimulator(pair.simPath);
  cleanups.push(() => sim.close());
  const saved = await admin.call('settings.update', { reader: { ...defaultReaderSettings, path: pair.devicePath, idleMs: 60 } });
  expect(saved.ok).toBe(true);
  await event('devices.status', readerIs('ready'));
  return { pair, sim };
}

async function withPrinter(): Promise<{ pair: PtyPair; sim: LabelPrinterSim }> {
  const pair = await pty();
  const sim = await LabelPrinterSim.open(pair.simPath);
  cleanups.push(() => sim.close());
  const saved = await admin.call('settings.update', { printer: { ...defaultPrinterSettings, path: pair.devicePath } });
  expect(saved.ok).toBe(true);
  await event('devices.status', printerIs('ready'));
  return { pair, sim };
}

async function signedApplication(): Promise<{ id: string; journalNo: string }> {
  const created = await clerk.call<{ id: string; journalNo: string }>('applications.create', {
    procedure: 'issue',
    idNumber: '3270287A012PB2',
    person: { surname: 'Иванов', givenNames: 'Иван', birthDate: '1987-02-27', sex: 'M', citizenship: 'BLR' },
    document: { type: 'passport_by', series: 'MP', number: '1234567', expiresAt: '2030-01-15' },
    phone: '+375291234567',
    consent: true,
  });
  if (!created.ok) throw new Error(JSON.stringify(created));
  const { id, journalNo } = created.value;
  expect((await clerk.call('applications.markPrinted', { id })).ok).toBe(true);
  expect((await clerk.call('applications.sign', { id })).ok).toBe(true);
  return { id, journalNo };
}

describe('devices in the app', () => {
  it('start not configured; status is readable by every role', async () => {
    for (const c of [admin, supervisor, clerk]) {
      const r = await c.call<DevicesStatus>('devices.status');
      expect(r).toMatchObject({ ok: true, value: { reader: { status: { state: 'not_configured' } }, printer: { queued: 0 } } });
    }
  });

  it('a scan is announced without its content and taken once, by the front desk only', async () => {
    const { sim } = await withReader();
    const from = events.length;
    await sim.send(TD3, { framing: 'desko', chunkSize: 'random' });
    const scan = await event<ScanEvent>('devices.scan', () => true, 3000, from);
    expect(scan.ok).toBe(true);
    expect(Object.keys(scan).sort()).toEqual(['ok', 'scanId']);

    const byAdmin = await admin.call('devices.takeScan', { scanId: scan.scanId });
    expect(byAdmin).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const taken = await clerk.call<ScannedDocument>('devices.takeScan', { scanId: scan.scanId });
    expect(taken).toEqual({
      ok: true,
      value: {
        idNumber: '3270287A012PB2',
        surnameLatin: 'IVANOU',
        givenNamesLatin: 'IVAN',
        birthDate: '1987-02-27',
        sex: 'M',
        citizenship: 'BLR',
        documentType: 'passport_by',
        series: 'MP',
        number: '1234567',
        expiresAt: '2030-01-15',
        warnings: [],
      },
    });
    const again = await supervisor.call('devices.takeScan', { scanId: scan.scanId });
    expect(again).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const entries = await auditEntries();
    expect(entries.filter((e) => e.action === 'device.scan_taken')).toHaveLength(1);
    // Neither the MRZ nor the names or the number are in the audit log.
    expect(JSON.stringify(entries)).not.toMatch(/IVANOU|3270287A012PB2|<</);
  });

  it('a scan nobody took goes with the session that ended: the next clerk cannot take it', async () => {
    const { sim } = await withReader();
    const from = events.length;
    await sim.send(TD3, { framing: 'desko', chunkSize: 'random' });
    const scan = await event<ScanEvent>('devices.scan', () => true, 3000, from);
    expect(scan.ok).toBe(true);
    expect((await clerk.call('auth.logout')).ok).toBe(true);
    const taken = await supervisor.call('devices.takeScan', { scanId: scan.scanId });
    expect(taken).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // A scan made after the logout is there for whoever is signed in.
    const next = events.length;
    await sim.send(TD3, { framing: 'desko', chunkSize: 'random' });
    const fresh = await event<ScanEvent>('devices.scan', () => true, 3000, next);
    expect(await supervisor.call('devices.takeScan', { scanId: fresh.scanId })).toMatchObject({ ok: true });
  });

  it('a bad read is announced with its reason and cannot be taken', async () => {
    const { sim } = await withReader();
    const from = events.length;
    await sim.send(TD3_BAD_CHECK, { framing: 'stx' });
    const scan = await event<ScanEvent>('devices.scan', () => true, 3000, from);
    expect(scan).toMatchObject({ ok: false, error: { code: 'document_number_check_digit' } });
    if (scan.ok) return;
    expect(scan.error.message).toMatch(/контрольн/i);
    expect(JSON.stringify(scan)).not.toMatch(/IVANOU|MP1234567/);
    const taken = await clerk.call('devices.takeScan', { scanId: scan.scanId });
    expect(taken).toMatchObject({ ok: false, error: { code: 'precondition' } });
  });

  it('an expired document: announced as refused without its content, taken once with what was read and why', async () => {
    const { sim } = await withReader();
    const from = events.length;
    // NBY12 (docs/design/vectors.md): every check digit right, expired on 15.01.2019.
    await sim.send('PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\nMP12345677BLR8702274M19011593270287A012PB288', { framing: 'stx' });
    const scan = await event<ScanEvent>('devices.scan', () => true, 3000, from);
    expect(scan).toMatchObject({ ok: false, error: { code: 'document_expired' } });
    expect(JSON.stringify(scan)).not.toMatch(/IVANOU|1234567/);
    const taken = await clerk.call<ScannedDocument>('devices.takeScan', { scanId: scan.scanId });
    // Nothing the form fills from (no ID number, birth date, sex): only what names the document.
    expect(taken).toEqual({
      ok: true,
      value: {
        surnameLatin: 'IVANOU',
        givenNamesLatin: 'IVAN',
        citizenship: 'BLR',
        documentType: 'passport_by',
        series: 'MP',
        number: '1234567',
        expiresAt: '2019-01-15',
        warnings: [],
        refusal: { code: 'document_expired', date: '2019-01-15' },
      },
    });
    expect(await clerk.call('devices.takeScan', { scanId: scan.scanId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('unplugging and plugging back the reader 5 times: each change pushed and audited once', async () => {
    // The reader stays configured on one path: each new pair is plugged in at the same place.
    const dir = tempDir('okno-devices-');
    cleanups.push(async () => removeDir(dir));
    const devicePath = join(dir, 'ttyReader');
    const { pair } = await withReader({ devicePath, simPath: join(dir, 'sim') });
    let current = pair;
    for (let i = 0; i < 5; i++) {
      const from = events.length;
      await current.close();
      await event('devices.status', readerIs('disconnected'), 3000, from);
      current = await pty(devicePath, join(dir, `sim-${i}`));
      await event('devices.status', readerIs('ready'), 3000, from);
    }
    const changes = (await auditEntries()).filter((e) => e.action === 'device.status_changed' && e.subject === 'reader');
    // ready (configured), then 5 × (disconnected, ready); retries in between add nothing.
    expect(changes.map((e) => e.details.state).reverse()).toEqual([
      'ready',
      ...Array.from({ length: 5 }, () => ['disconnected', 'ready']).flat(),
    ]);
  });

  it('after «Подписано» the printer prints one label with the journal number; a reprint is audited', async () => {
    const { sim } = await withPrinter();
    const { id, journalNo } = await signedApplication();
    await event<{ jobId: string; state: string }>('labels.changed', (p) => p.state === 'printed');
    expect(sim.labels).toHaveLength(1);
    expect(sim.labels[0]?.fields).toContain(journalNo);
    expect(sim.labels[0]?.zpl).toContain('^CI28');
    // No personal data on the sticker.
    expect(sim.labels[0]?.zpl).not.toMatch(/3270287A012PB2|Иванов|375291234567/);

    const label = await clerk.call<ApplicationLabel>('applications.label', { id });
    expect(label).toMatchObject({ ok: true, value: { printerConfigured: true, jobs: [{ kind: 'first', state: 'printed' }] } });
    if (label.ok) expect(label.value.svg).toContain(journalNo);

    const from = events.length;
    const again = await clerk.call<ApplicationLabel>('applications.printLabel', { id });
    expect(again).toMatchObject({ ok: true, value: { jobs: [{ kind: 'first' }, { kind: 'reprint', state: 'queued' }] } });
    await event<{ state: string }>('labels.changed', (p) => p.state === 'printed', 3000, from);
    expect(sim.labels).toHaveLength(2);

    const actions = (await auditEntries()).filter((e) => e.subject === id).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['label.queued', 'label.printed', 'label.reprint_requested']));
    expect(actions.filter((a) => a === 'label.printed')).toHaveLength(2);
  });

  it('a label is not printed before signing; without a printer there is no job and reprint says so', async () => {
    const created = await clerk.call<{ id: string }>('applications.create', {
      procedure: 'block',
      idNumber: '3270287A012PB2',
      person: { surname: 'Иванов', givenNames: 'Иван', birthDate: '1987-02-27', sex: 'M', citizenship: 'BLR' },
      document: { type: 'passport_by', series: 'MP', number: '1234567', expiresAt: '2030-01-15' },
      consent: true,
    });
    if (!created.ok) throw new Error(JSON.stringify(created));
    const early = await clerk.call('applications.printLabel', { id: created.value.id });
    expect(early).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    await clerk.call('applications.markPrinted', { id: created.value.id });
    await clerk.call('applications.sign', { id: created.value.id });
    const label = await clerk.call<ApplicationLabel>('applications.label', { id: created.value.id });
    expect(label).toMatchObject({ ok: true, value: { printerConfigured: false, jobs: [] } });
    const reprint = await clerk.call('applications.printLabel', { id: created.value.id });
    expect(reprint).toMatchObject({ ok: false, error: { code: 'device_unavailable' } });
  });

  it('paper out while idle is pushed and audited once however often the printer is asked; the test label waits for paper', async () => {
    const { sim } = await withPrinter();
    let from = events.length;
    sim.set({ paperOut: true });
    await event('devices.status', (s: DevicesStatus) => s.printer.status.state === 'error', 3000, from);
    // Several status polls while out of paper.
    const polled = sim.hsRequests;
    await new Promise<void>((resolve) => sim.on('hs', () => sim.hsRequests >= polled + 3 && resolve()));
    const test = admin.call<{ printed: boolean }>('devices.testLabel');
    from = events.length;
    sim.set({ paperOut: false });
    await event('devices.status', printerIs('ready'), 3000, from);
    expect(await test).toMatchObject({ ok: true, value: { printed: true } });
    expect(sim.labels).toHaveLength(1);
    expect(sim.labels[0]?.fields).toContain('Тестовая этикетка');

    const changes = (await auditEntries()).filter((e) => e.action === 'device.status_changed' && e.subject === 'printer');
    expect(changes.map((e) => [e.details.state, e.details.code ?? null]).reverse()).toEqual([
      ['ready', null],
      ['error', 'paper_out'],
      ['ready', null],
    ]);
  });

  it('new settings take effect without a restart: moving the printer to another port', async () => {
    const { sim: first } = await withPrinter();
    const second = await pty();
    const secondSim = await LabelPrinterSim.open(second.simPath);
    cleanups.push(() => secondSim.close());
    const from = events.length;
    const saved = await admin.call('settings.update', { printer: { ...defaultPrinterSettings, path: second.devicePath } });
    expect(saved.ok).toBe(true);
    await event(
      'devices.status',
      (s: DevicesStatus) => s.printer.path === second.devicePath && s.printer.status.state === 'ready',
      3000,
      from,
    );
    expect((await admin.call('devices.testLabel')).ok).toBe(true);
    expect(secondSim.labels).toHaveLength(1);
    expect(first.labels).toHaveLength(0);

    const off = await admin.call('settings.update', { printer: { ...defaultPrinterSettings, path: '' } });
    expect(off.ok).toBe(true);
    expect(await admin.call('devices.testLabel')).toMatchObject({ ok: false, error: { code: 'device_unavailable' } });
  });

  it('rejects bad device settings field by field and changes nothing', async () => {
    const r = await admin.call('settings.update', { reader: { ...defaultReaderSettings, baudRate: 9601, parity: 'sometimes' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'validation' } });
    if (!r.ok) expect(Object.keys(r.error.fields ?? {})).toEqual(expect.arrayContaining(['reader.baudRate', 'reader.parity']));
    const status = await admin.call<DevicesStatus>('devices.status');
    expect(status).toMatchObject({ ok: true, value: { reader: { path: '', status: { state: 'not_configured' } } } });
  });
});

describe('labels across a restart', () => {
  it('a label still waiting when the app stops is «unconfirmed» afterwards and is not sent again', async () => {
    const { sim } = await withPrinter();
    sim.set({ silent: true });
    const { id } = await signedApplication();
    const dataDir = env.dataDir;
    // Keep the data: close this app, start another on the same folder.
    await env.app.close();
    const again = await startInProcess({ dataDir, devices: DEVICE_TIMINGS });
    try {
      const c = await again.client();
      expect((await c.call('auth.login', { login: 'clerk', password: 'clerk-password-1' })).ok).toBe(true);
      const label = await c.call<ApplicationLabel>('applications.label', { id });
      expect(label).toMatchObject({ ok: true, value: { jobs: [{ kind: 'first', state: 'unconfirmed' }] } });
    } finally {
      await again.close();
    }
  });
});
