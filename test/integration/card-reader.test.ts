/**
 * The card reader over the REAL serialport adapter on socat pty pairs (DESIGN.md 6, 7).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCardReader, type CardReader, type CardReaderScan, type CardReaderStatus } from '../../main/devices/card-reader';
import { openSerialLink } from '../../main/devices/serial-link';
import { openReaderSimulator, type ReaderSimulator, type SimFraming } from '../simulators/card-reader';
import { createPtyPair, type PtyPair } from '../simulators/pty';
import { prng } from '../support/prng';

const TODAY = '2025-11-23';
const TD3 = 'PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\nMP12345677BLR8702274M30011563270287A012PB284';
const TD1 = 'IDBLRAB123456713270287A012PB2<\n8702274M3109018BLR<<<<<<<<<<<2\nIVANOU<<IVAN<<<<<<<<<<<<<<<<<<';
const FAST = { idleMs: 60, partialMs: 300, frameTimeoutMs: 300 };

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});

function reader(devicePath: string): { device: CardReader; scans: CardReaderScan[] } {
  const device = createCardReader({
    serial: { path: devicePath, watchMs: 100 },
    open: openSerialLink,
    today: () => TODAY,
    framer: FAST,
    backoff: { initialMs: 20, maxMs: 200 },
  });
  const scans: CardReaderScan[] = [];
  device.onScan((s) => scans.push(s));
  cleanups.push(() => device.stop());
  return { device, scans };
}

function waitForStatus(device: CardReader, state: CardReaderStatus['state'], timeoutMs: number): Promise<number> {
  const started = performance.now();
  if (device.status().state === state) return Promise.resolve(0);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`status ${state} not reached within ${timeoutMs} ms (now ${device.status().state})`));
    }, timeoutMs);
    const off = device.onStatus((s) => {
      if (s.state !== state) return;
      clearTimeout(timer);
      off();
      resolve(performance.now() - started);
    });
  });
}

function waitForScan(device: CardReader, predicate: (s: CardReaderScan) => boolean, timeoutMs: number): Promise<CardReaderScan> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching scan within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = device.onScan((s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

async function pairWithSim(options: { devicePath?: string; simPath?: string } = {}): Promise<{ pair: PtyPair; sim: ReaderSimulator }> {
  const pair = await createPtyPair(options);
  const sim = await openReaderSimulator(pair.simPath);
  return { pair, sim };
}

describe('card reader over a socat pty pair', () => {
  it.each(['stx', 'desko', '3m', 'lines'] as const)(
    '%s: every scan sent in random chunks arrives as exactly one read',
    async (framing: SimFraming) => {
      const { pair, sim } = await pairWithSim();
      cleanups.push(
        () => pair.close(),
        () => sim.close(),
      );
      const { device, scans } = reader(pair.devicePath);
      device.start();
      await waitForStatus(device, 'ready', 2000);

      let sent = 0;
      for (let round = 0; round < 3; round++) {
        for (const mrz of [TD3, TD1]) {
          for (const gapMs of [0, 2]) {
            const next = waitForScan(device, () => true, 3000);
            await sim.send(mrz, { framing, chunkSize: 'random', gapMs });
            sent += 1;
            const scan = await next;
            expect(scan.ok, `${framing} ${scan.ok ? '' : scan.error.code}`).toBe(true);
            // SOD/EOD are device-specific, so a DESKO frame right after another frame may be labelled plain STX.
            expect(framing === 'desko' ? ['desko', 'stx'] : [framing]).toContain(scan.framing);
            if (scan.ok) expect(scan.read.document.format).toBe(mrz === TD3 ? 'TD3' : 'TD1');
          }
        }
      }
      // A stray extra event from any earlier send would have been counted by now.
      expect(scans).toHaveLength(sent);
      expect(scans.every((s) => s.ok)).toBe(true);

      // Each scan is consumed once.
      const first = scans[0];
      expect(first).toBeDefined();
      if (first !== undefined) {
        expect(device.take(first.id)?.id).toBe(first.id);
        expect(device.take(first.id)).toBeNull();
      }
    },
  );

  it('a bad read reports the reason and no characters', async () => {
    const { pair, sim } = await pairWithSim();
    cleanups.push(
      () => pair.close(),
      () => sim.close(),
    );
    const { device } = reader(pair.devicePath);
    device.start();
    await waitForStatus(device, 'ready', 2000);
    const next = waitForScan(device, () => true, 3000);
    await sim.send(TD3.replace(/284$/, '285'), { framing: 'stx' });
    const scan = await next;
    expect(scan.ok).toBe(false);
    if (!scan.ok) {
      expect(scan.error.code).toBe('composite_check_digit');
      expect(JSON.stringify(scan.error)).not.toMatch(/IVANOU|MP1234567|3270287/);
    }
  });

  it('10,000 lines of random bytes: no crash, no false read, the next scan still reads', async () => {
    const { pair, sim } = await pairWithSim();
    cleanups.push(
      () => pair.close(),
      () => sim.close(),
    );
    const { device, scans } = reader(pair.devicePath);
    device.start();
    await waitForStatus(device, 'ready', 2000);

    const seed = Date.now() % 2 ** 31;
    const random = prng(seed);
    const parts: Buffer[] = [];
    for (let i = 0; i < 10_000; i++) {
      const line = Buffer.alloc(Math.floor(random() * 81));
      for (let j = 0; j < line.length; j++) line[j] = Math.floor(random() * 256);
      parts.push(line, Buffer.from(random() < 0.5 ? '\r\n' : '\r'));
    }
    const garbage = Buffer.concat(parts);
    await sim.sendRaw(garbage, { chunkSize: 4096 });

    const good = waitForScan(device, (s) => s.ok, 5000);
    await sim.send(TD3, { framing: 'stx' });
    const scan = await good;
    expect(scan.ok, `seed ${seed}`).toBe(true);
    if (scan.ok) expect(scan.read.document.documentNumber).toBe('MP1234567');
    expect(
      scans.filter((s) => s.ok),
      `seed ${seed}`,
    ).toHaveLength(1);
    expect(device.status().state).toBe('ready');
  }, 20_000);

  it('unplug and plug back 20 times: disconnected, then ready again within 2 s each time', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'okno-replug-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const paths = { devicePath: join(dir, 'ttyReader'), simPath: join(dir, 'ttyReaderSim') };
    let { pair, sim } = await pairWithSim(paths);
    const { device } = reader(paths.devicePath);
    const statuses: string[] = [];
    device.onStatus((s) => statuses.push(s.state));
    device.start();
    await waitForStatus(device, 'ready', 2000);
    const reconnects: number[] = [];

    for (let round = 0; round < 20; round++) {
      const next = waitForScan(device, () => true, 3000);
      await sim.send(TD3, { framing: round % 2 === 0 ? 'stx' : 'lines' });
      expect((await next).ok).toBe(true);

      const gone = waitForStatus(device, 'disconnected', 2000);
      await sim.close();
      await pair.close();
      await gone;

      ({ pair, sim } = await pairWithSim(paths));
      reconnects.push(await waitForStatus(device, 'ready', 2000));
    }
    cleanups.push(
      () => pair.close(),
      () => sim.close(),
    );
    expect(reconnects).toHaveLength(20);
    expect(Math.max(...reconnects)).toBeLessThan(2000);
    // Status events only on change: strictly alternating.
    expect(statuses).toEqual(Array.from({ length: 41 }, (_, i) => (i % 2 === 0 ? 'ready' : 'disconnected')));
  }, 60_000);

  it('starts disconnected when the port is missing and becomes ready when it appears', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'okno-late-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const paths = { devicePath: join(dir, 'ttyReader'), simPath: join(dir, 'ttyReaderSim') };
    const { device } = reader(paths.devicePath);
    device.start();
    expect(device.status().state).toBe('disconnected');
    const { pair, sim } = await pairWithSim(paths);
    cleanups.push(
      () => pair.close(),
      () => sim.close(),
    );
    expect(await waitForStatus(device, 'ready', 2000)).toBeLessThan(2000);
  });

  it('reports a busy port as an error', async () => {
    const { pair, sim } = await pairWithSim();
    cleanups.push(
      () => pair.close(),
      () => sim.close(),
    );
    const holder = await openSerialLink({ path: pair.devicePath });
    expect(holder.ok).toBe(true);
    if (holder.ok) cleanups.push(() => holder.link.close());
    const { device } = reader(pair.devicePath);
    const errored = new Promise<CardReaderStatus>((resolve) => device.onStatus((s) => s.state === 'error' && resolve(s)));
    device.start();
    const status = await errored;
    expect(status).toMatchObject({ state: 'error', code: 'busy' });
    expect(await openSerialLink({ path: join(tmpdir(), 'okno-no-such-port') })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
