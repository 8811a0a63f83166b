/**
 * The label printer (Zebra, ZPL II) over a serial link: a job queue guarded by `~HS` status.
 *
 * - Before each job the printer is asked `~HS`; the job is sent only if the answer is complete
 *   and clean. No answer within `statusTimeoutMs` is an error («Принтер не отвечает…»), never
 *   "ready" (DOMAIN.md §6.2: Zebras stay silent in some error states).
 * - A problem (paper out, head open, paused…) → status `error` with the reason; the job waits
 *   at the head of the queue and the printer is re-asked every `pollIntervalMs` until clean.
 * - After a job is written, `~HS` again: the job counts as printed only when a status is clean
 *   and the printer's receive buffer holds no format. A job once written is never written
 *   again (a printer that ran out of paper after printing it, or still holds it, must not get
 *   it twice); it is confirmed by the first clean, empty-buffer status that follows.
 *   Limitation: a printer that loses a held format (power cycle) would have it counted printed.
 * - Status events fire on change only; `printed(jobId)` fires once per job.
 *
 * The link: the `write`/`onData`/`onClose` part of `SerialLink` (./serial-link), so tests can
 * hand in a fake.
 */
import { randomUUID } from 'node:crypto';
import type { LabelModel } from '../documents/label';
import type { SerialLink } from './serial-link';
import { renderLabelZpl, type ZplOptions } from './zpl';
import { problem, statusProblem, ZebraStatusAccumulator, type PrinterProblem, type PrinterStatus } from './zebra-status';

export type PrinterLink = Pick<SerialLink, 'write' | 'onData' | 'onClose'>;

export type LabelPrinterStatus =
  | { readonly kind: 'unknown' }
  | { readonly kind: 'ready' }
  | { readonly kind: 'error'; readonly code: PrinterProblem['code']; readonly message: string }
  | { readonly kind: 'disconnected' };

export interface LabelPrinterOptions {
  /** How long to wait for the three `~HS` strings. Default 2000 ms. */
  readonly statusTimeoutMs?: number;
  /** Re-check interval while in error (and while the printer still holds a sent format). Default 3000 ms. */
  readonly pollIntervalMs?: number;
  readonly zpl?: ZplOptions;
  readonly newId?: () => string;
}

export interface LabelJob {
  readonly id: string;
  readonly model: LabelModel;
  /** Written to the printer, waiting for a clean status to count as printed. */
  readonly sent: boolean;
}

type Listeners = { printed: Set<(jobId: string) => void>; status: Set<(status: LabelPrinterStatus) => void> };

const HS = Buffer.from('~HS', 'latin1');
const CLOSED = Symbol('closed');

interface MutableJob {
  id: string;
  model: LabelModel;
  zpl: Buffer;
  sent: boolean;
}

export class LabelPrinter {
  private readonly statusTimeoutMs: number;
  private readonly pollIntervalMs: number;
  private readonly zplOptions: ZplOptions;
  private readonly newId: () => string;
  private readonly listeners: Listeners = { printed: new Set(), status: new Set() };
  private readonly queue: MutableJob[] = [];
  private readonly acc = new ZebraStatusAccumulator();
  private link: PrinterLink | null = null;
  private unsubscribe: (() => void)[] = [];
  private state: LabelPrinterStatus = { kind: 'unknown' };
  private busy = false;
  private checkRequested = false;
  private disposed = false;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private answer: ((r: PrinterStatus | typeof CLOSED) => void) | null = null;
  private lastStatus: PrinterStatus | null = null;

  constructor(link: PrinterLink | null, options: LabelPrinterOptions = {}) {
    this.statusTimeoutMs = options.statusTimeoutMs ?? 2000;
    this.pollIntervalMs = options.pollIntervalMs ?? 3000;
    this.zplOptions = options.zpl ?? {};
    this.newId = options.newId ?? randomUUID;
    if (link) this.attach(link);
  }

  /** Uses a (new) link, e.g. after a reconnect; asks the printer for its status at once. */
  attach(link: PrinterLink): void {
    this.detach();
    this.link = link;
    this.unsubscribe.push(link.onData((chunk) => this.onData(chunk)));
    this.unsubscribe.push(link.onClose(() => this.onClose(link)));
    this.check();
  }

  /** Queues a label; returns its job id (`id` when given: the caller's record of the job). */
  enqueue(model: LabelModel, id: string = this.newId()): string {
    if (this.disposed) throw new Error('LabelPrinter: disposed');
    this.queue.push({ id, model, zpl: Buffer.from(renderLabelZpl(model, this.zplOptions), 'utf8'), sent: false });
    void this.pump();
    return id;
  }

  /** Asks the printer for its status now (also resumes the queue if it is clean). */
  check(): void {
    this.checkRequested = true;
    void this.pump();
  }

  get status(): LabelPrinterStatus {
    return this.state;
  }

  /** The last decoded `~HS` answer (null before the first). */
  get printerStatus(): PrinterStatus | null {
    return this.lastStatus;
  }

  get jobs(): readonly LabelJob[] {
    return this.queue.map(({ id, model, sent }) => ({ id, model, sent }));
  }

  on(event: 'printed', cb: (jobId: string) => void): () => void;
  on(event: 'status', cb: (status: LabelPrinterStatus) => void): () => void;
  on(event: 'printed' | 'status', cb: ((jobId: string) => void) | ((status: LabelPrinterStatus) => void)): () => void {
    const set = this.listeners[event] as Set<typeof cb>;
    set.add(cb);
    return () => set.delete(cb);
  }

  dispose(): void {
    this.disposed = true;
    this.clearPoll();
    this.detach();
    this.listeners.printed.clear();
    this.listeners.status.clear();
  }

  // ---------------------------------------------------------------------------------------------

  private detach(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.link = null;
    this.answer?.(CLOSED);
  }

  private onData(chunk: Uint8Array): void {
    let status: PrinterStatus | null = null;
    try {
      status = this.acc.push(chunk);
    } catch {
      this.acc.reset(); // a garbled answer: ignore it; the query times out or the next one succeeds
    }
    if (status && this.answer) this.answer(status);
  }

  private onClose(link: PrinterLink): void {
    if (this.link !== link) return;
    this.detach();
    this.clearPoll();
    this.setStatus({ kind: 'disconnected' });
  }

  private setStatus(next: LabelPrinterStatus): void {
    const same = next.kind === this.state.kind && (next.kind !== 'error' || (this.state.kind === 'error' && this.state.code === next.code));
    this.state = next;
    if (same || this.disposed) return;
    for (const cb of [...this.listeners.status]) cb(next);
  }

  private setProblem(p: PrinterProblem): void {
    this.setStatus({ kind: 'error', code: p.code, message: p.message });
  }

  private clearPoll(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private schedulePoll(): void {
    this.clearPoll();
    if (this.disposed || !this.link) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      this.check();
    }, this.pollIntervalMs);
  }

  /** One `~HS` exchange: the decoded status, `null` for no answer in time, CLOSED if the link went. */
  private query(link: PrinterLink): Promise<PrinterStatus | null | typeof CLOSED> {
    return new Promise((resolve) => {
      this.acc.reset();
      const finish = (r: PrinterStatus | null | typeof CLOSED) => {
        clearTimeout(timer);
        if (this.answer === finish) this.answer = null;
        resolve(r);
      };
      const timer = setTimeout(() => finish(null), this.statusTimeoutMs);
      this.answer = finish;
      link.write(HS).catch(() => finish(null));
    });
  }

  /** The single worker: all exchanges with the printer happen here, one at a time. */
  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (;;) {
        const link = this.link;
        if (this.disposed || !link) return;
        const head = this.queue[0];
        if (!head && !this.checkRequested && this.state.kind !== 'error') return;
        this.checkRequested = false;
        this.clearPoll();

        const answer = await this.query(link);
        if (answer === CLOSED || this.link !== link || this.disposed) return;
        if (answer === null) {
          this.setProblem(problem('no_answer'));
          this.schedulePoll();
          return;
        }
        this.lastStatus = answer;
        const p = statusProblem(answer);
        if (p) {
          this.setProblem(p);
          this.schedulePoll();
          return;
        }
        this.setStatus({ kind: 'ready' });
        if (!head) continue; // loop ends: nothing queued, state is ready
        if (head.sent) {
          if ((answer.formatsInBuffer ?? 0) > 0 || answer.partialFormat) {
            this.schedulePoll(); // still printing it
            return;
          }
          this.queue.shift();
          for (const cb of [...this.listeners.printed]) cb(head.id);
          continue;
        }
        try {
          await link.write(head.zpl);
        } catch {
          // not (fully) written: it may be sent again; the next status check decides when
          this.schedulePoll();
          return;
        }
        head.sent = true;
      }
    } finally {
      this.busy = false;
    }
  }
}
