/**
 * The label printer over the REAL serialport adapter on a socat pty pair, against the Zebra
 * simulator. Every wait is for an event (status change, printed job, simulator label).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LabelPrinter, type LabelPrinterStatus } from '../../main/devices/label-printer';
import { openSerialLink, type SerialLink } from '../../main/devices/serial-link';
import type { LabelModel } from '../../main/documents/label';
import { LabelPrinterSim } from '../simulators/label-printer';
import { createPtyPair, type PtyPair } from '../simulators/pty';

const model = (n: number): LabelModel => ({
  journalNo: `2025/${String(n).padStart(6, '0')}`,
  procedure: 'Выдача УИ',
  date: '05.03.2025',
  clerkName: 'Иванова А. С.',
});

let pty: PtyPair;
let sim: LabelPrinterSim;
let link: SerialLink;
let printer: LabelPrinter;
let statuses: LabelPrinterStatus[];
let printed: string[];

/** Resolves when `pred` holds, re-checked on every printer/simulator event. */
function until(pred: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const offs: (() => void)[] = [];
    const done = (err?: Error) => {
      clearTimeout(timer);
      for (const off of offs) off();
      if (err) reject(err);
      else resolve();
    };
    const check = () => {
      if (pred()) done();
    };
    const timer = setTimeout(
      () => done(new Error(`timed out waiting for ${what}; statuses ${JSON.stringify(statuses)}, printed ${printed.length}`)),
      timeoutMs,
    );
    offs.push(printer.on('status', check), printer.on('printed', check));
    const onSim = () => check();
    sim.on('label', onSim);
    sim.on('hs', onSim);
    offs.push(
      () => sim.off('label', onSim),
      () => sim.off('hs', onSim),
    );
    check();
  });
}

const statusIs = (kind: LabelPrinterStatus['kind'], code?: string) => () => {
  const s = printer.status;
  return s.kind === kind && (code === undefined || (s.kind === 'error' && s.code === code));
};

beforeEach(async () => {
  pty = await createPtyPair();
  sim = await LabelPrinterSim.open(pty.simPath);
  const opened = await openSerialLink({ path: pty.devicePath });
  if (!opened.ok) throw new Error(opened.error.message);
  link = opened.link;
  statuses = [];
  printed = [];
  printer = new LabelPrinter(link, { statusTimeoutMs: 400, pollIntervalMs: 50 });
  printer.on('status', (s) => statuses.push(s));
  printer.on('printed', (id) => printed.push(id));
  await until(statusIs('ready'), 'ready');
});

afterEach(async () => {
  printer.dispose();
  await link.close();
  await sim.close();
  await pty.close();
});

describe('label printer over a pty pair', () => {
  it('prints a queue of 5 through a paper-out after the 2nd: exactly 5 labels, none twice, in order', async () => {
    sim.paperOutAfter(2);
    const ids = [1, 2, 3, 4, 5].map((n) => printer.enqueue(model(n)));
    expect(new Set(ids).size).toBe(5);

    await until(statusIs('error', 'paper_out'), 'paper_out');
    expect(printer.status).toMatchObject({ kind: 'error', code: 'paper_out', message: expect.stringMatching(/этикетки/) });
    expect(sim.labels).toHaveLength(2);
    // The 2nd was sent, but its after-status was not clean: not counted yet, not sent again.
    expect(printed).toEqual(ids.slice(0, 1));
    expect(printer.jobs.map((j) => j.sent)).toEqual([true, false, false, false]);
    const polls = sim.hsRequests;
    await until(() => sim.hsRequests >= polls + 2, 'two polls while in error');
    expect(sim.labels).toHaveLength(2);

    sim.set({ paperOut: false });
    await until(() => printed.length === 5, '5 printed');
    expect(printed).toEqual(ids);
    expect(sim.labels.map((l) => l.fields[1])).toEqual([1, 2, 3, 4, 5].map((n) => model(n).journalNo));
    expect(sim.labels[0]?.fields).toEqual(['Выдача УИ', '2025/000001', '05.03.2025', 'Иванова А. С.']);
    expect(printer.status.kind).toBe('ready');
    expect(printer.jobs).toHaveLength(0);
    expect(statuses.map((s) => (s.kind === 'error' ? s.code : s.kind))).toEqual(['ready', 'paper_out', 'ready']);
  });

  it('reports a silent printer as an error, not ready, and recovers when it answers', async () => {
    sim.set({ silent: true });
    const id = printer.enqueue(model(7));
    await until(statusIs('error', 'no_answer'), 'no_answer');
    expect(printer.status).toMatchObject({ kind: 'error', message: expect.stringMatching(/^Принтер не отвечает/) });
    expect(sim.labels).toHaveLength(0);
    expect(printed).toEqual([]);

    sim.set({ silent: false });
    await until(() => printed.length === 1, 'printed after answer');
    expect(printed).toEqual([id]);
    expect(sim.labels).toHaveLength(1);
    expect(printer.status.kind).toBe('ready');
  });

  it.each([
    ['head open', { headOpen: true }, { headOpen: false }, 'head_open', /головка/],
    ['paused', { paused: true }, { paused: false }, 'paused', /пауз/],
  ] as const)('reports %s with its reason, holds the job, prints it once cleared', async (_name, on, off, code, message) => {
    sim.set(on);
    const id = printer.enqueue(model(9));
    await until(statusIs('error', code), code);
    expect(printer.status).toMatchObject({ kind: 'error', code, message: expect.stringMatching(message) });
    expect(sim.labels).toHaveLength(0);

    sim.set(off);
    await until(() => printed.length === 1, 'printed');
    expect(printed).toEqual([id]);
    expect(sim.labels).toHaveLength(1);
  });
});
