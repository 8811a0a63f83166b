/** The label printer's queue logic over a fake link (the pty/serialport run is in test/integration). */
import { describe, expect, it } from 'vitest';
import { LabelPrinter, type LabelPrinterStatus, type PrinterLink } from '../../main/devices/label-printer';
import type { LabelModel } from '../../main/documents/label';

const model = (n: number): LabelModel => ({ journalNo: `2025/${n}`, procedure: 'Новый пароль', date: '01.02.2025', clerkName: 'К' });

class FakeZebra implements PrinterLink {
  state = { paperOut: false, headOpen: false, silent: false };
  formats: string[] = [];
  private data = new Set<(c: Uint8Array) => void>();
  private close = new Set<(d: boolean) => void>();
  write(data: Uint8Array | string): Promise<void> {
    const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
    if (text.startsWith('^XA')) this.formats.push(text);
    if (text === '~HS' && !this.state.silent) {
      const s = this.state;
      const answer = `\x02030,${s.paperOut ? 1 : 0},0,0406,000,0,0,0,000,0,0,0\x03\r\n\x02001,0,${s.headOpen ? 1 : 0},0,0,2,0,0,00000000,1,000\x03\r\n\x021234,0\x03\r\n`;
      queueMicrotask(() => {
        // in two chunks, as a serial line delivers it
        for (const part of [answer.slice(0, 9), answer.slice(9)]) for (const l of this.data) l(Buffer.from(part, 'latin1'));
      });
    }
    return Promise.resolve();
  }
  onData(l: (c: Uint8Array) => void) {
    this.data.add(l);
    return () => this.data.delete(l);
  }
  onClose(l: (d: boolean) => void) {
    this.close.add(l);
    return () => this.close.delete(l);
  }
  unplug() {
    for (const l of this.close) l(true);
  }
}

function setup(options = { statusTimeoutMs: 100, pollIntervalMs: 10 }) {
  const link = new FakeZebra();
  let n = 0;
  const printer = new LabelPrinter(link, { ...options, newId: () => `job-${++n}` });
  const statuses: LabelPrinterStatus[] = [];
  const printed: string[] = [];
  printer.on('status', (s) => statuses.push(s));
  printer.on('printed', (id) => printed.push(id));
  const until = (pred: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (pred()) {
          offA();
          offB();
          resolve();
        }
      };
      const offA = printer.on('status', check);
      const offB = printer.on('printed', check);
      check();
    });
  return { link, printer, statuses, printed, until };
}

describe('LabelPrinter (fake link)', () => {
  it('gives job ids, prints in order, emits status on change only', async () => {
    const { printer, printed, statuses, until, link } = setup();
    const ids = [1, 2, 3].map((i) => printer.enqueue(model(i)));
    expect(ids).toEqual(['job-1', 'job-2', 'job-3']);
    await until(() => printed.length === 3);
    expect(printed).toEqual(ids);
    expect(link.formats).toHaveLength(3);
    expect(statuses).toEqual([{ kind: 'ready' }]);
    printer.dispose();
  });

  it('a silent printer is an error «Принтер не отвечает…», never ready; nothing is sent', async () => {
    const { printer, link, until } = setup();
    await until(() => printer.status.kind === 'ready');
    link.state.silent = true;
    printer.enqueue(model(1));
    await until(() => printer.status.kind === 'error');
    expect(printer.status).toMatchObject({ kind: 'error', code: 'no_answer', message: expect.stringMatching(/^Принтер не отвечает/) });
    expect(link.formats).toHaveLength(0);
    printer.dispose();
  });

  it('a job whose after-status is not clean is confirmed later and never sent twice', async () => {
    const { printer, link, printed, until } = setup();
    await until(() => printer.status.kind === 'ready');
    const write = link.write.bind(link);
    link.write = (data) => {
      const p = write(data);
      if (typeof data !== 'string' && Buffer.from(data).toString('utf8').startsWith('^XA')) link.state.headOpen = true;
      return p;
    };
    const id = printer.enqueue(model(1));
    await until(() => printer.status.kind === 'error');
    expect(printer.jobs).toEqual([expect.objectContaining({ id, sent: true })]);
    expect(printed).toEqual([]);
    link.state.headOpen = false;
    await until(() => printed.length === 1);
    expect(link.formats).toHaveLength(1);
    printer.dispose();
  });

  it('a failed write leaves the job unsent and retries it', async () => {
    const { printer, link, printed, until } = setup();
    await until(() => printer.status.kind === 'ready');
    const write = link.write.bind(link);
    let failures = 1;
    link.write = (data) => {
      if (typeof data !== 'string' && failures > 0 && Buffer.from(data).toString('utf8').startsWith('^XA')) {
        failures--;
        return Promise.reject(new Error('EIO'));
      }
      return write(data);
    };
    printer.enqueue(model(1));
    await until(() => printed.length === 1);
    expect(link.formats).toHaveLength(1);
    printer.dispose();
  });

  it('an unplugged link is disconnected; the queue waits for a new link', async () => {
    const { printer, link, printed, until } = setup();
    await until(() => printer.status.kind === 'ready');
    link.unplug();
    expect(printer.status).toEqual({ kind: 'disconnected' });
    const id = printer.enqueue(model(1));
    expect(printer.jobs).toHaveLength(1);
    const next = new FakeZebra();
    printer.attach(next);
    await until(() => printed.length === 1);
    expect(printed).toEqual([id]);
    expect(next.formats).toHaveLength(1);
    printer.dispose();
  });
});
