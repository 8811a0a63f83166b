/**
 * Keeps a serial link open: opens it, hands it over, and when the port goes away (unplugged,
 * not there yet, busy) tries again with backoff until stopped. Both devices use it; the status
 * it reports changes only when the state really changes, so listeners (the audit log) hear each
 * change once however many retries happen in between.
 */
import { openSerialLink, type OpenSerialLink, type SerialLink, type SerialOpenErrorCode, type SerialSettings } from './serial-link';
import type { Logger } from '../log';
import { fieldMessage } from '../../preload/contract/field-messages';

export type LinkStatus =
  | { state: 'ready' }
  | { state: 'disconnected' }
  /** `reason` is Russian and meant for the clerk. */
  | { state: 'error'; code: SerialOpenErrorCode; reason: string };

export type LinkKeeperOptions = {
  serial: SerialSettings;
  /** For the log only. */
  name: string;
  /** Defaults to the real `openSerialLink`. */
  open?: OpenSerialLink;
  /** Reconnect delay: starts at `initialMs`, doubles up to `maxMs`. Defaults 250 / 2000. */
  backoff?: { initialMs?: number; maxMs?: number };
  logger?: Logger;
  /** A fresh link is open (status turns ready right after). */
  onLink: (link: SerialLink) => void;
  /** The link in use went away or was closed by `stop`. */
  onLost?: (link: SerialLink) => void;
};

export interface LinkKeeper {
  start(): void;
  stop(): Promise<void>;
  status(): LinkStatus;
  onStatus(listener: (status: LinkStatus) => void): () => void;
}

const sameStatus = (a: LinkStatus, b: LinkStatus): boolean =>
  a.state === b.state && (a.state !== 'error' || b.state !== 'error' || (a.code === b.code && a.reason === b.reason));

export function keepLinkOpen(options: LinkKeeperOptions): LinkKeeper {
  const open = options.open ?? openSerialLink;
  const initialMs = options.backoff?.initialMs ?? 250;
  const maxMs = options.backoff?.maxMs ?? 2000;
  const log = options.logger;
  const path = options.serial.path;
  const listeners = new Set<(status: LinkStatus) => void>();

  let current: LinkStatus = { state: 'disconnected' };
  /** The first answer after `start` is always told, even when it is "disconnected" again. */
  let told = false;
  let link: SerialLink | null = null;
  let running = false;
  let delay = initialMs;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped on stop/start so a late open result from an old attempt is closed, not used. */
  let generation = 0;

  const setStatus = (next: LinkStatus): void => {
    if (told && sameStatus(current, next)) return;
    told = true;
    current = next;
    log?.info(`${options.name} status`, { state: next.state, port: path });
    for (const l of [...listeners]) l(next);
  };

  const scheduleRetry = (): void => {
    if (!running || retryTimer !== null) return;
    const wait = delay;
    delay = Math.min(delay * 2, maxMs);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, wait);
  };

  const connect = async (): Promise<void> => {
    const mine = generation;
    let result;
    try {
      result = await open(options.serial);
    } catch (error) {
      result = {
        ok: false as const,
        error: { code: 'open_failed' as const, message: fieldMessage('device.port_open_failed_short', { path }) },
      };
      log?.warn(`${options.name} open threw`, { error });
    }
    if (!running || mine !== generation) {
      if (result.ok) await result.link.close();
      return;
    }
    if (!result.ok) {
      setStatus(
        result.error.code === 'not_found'
          ? { state: 'disconnected' }
          : { state: 'error', code: result.error.code, reason: result.error.message },
      );
      scheduleRetry();
      return;
    }
    const opened = result.link;
    link = opened;
    delay = initialMs;
    opened.onClose((disconnected) => {
      if (link !== opened) return;
      link = null;
      options.onLost?.(opened);
      if (!running) return;
      log?.warn(`${options.name} port closed`, { port: path, disconnected });
      setStatus({ state: 'disconnected' });
      scheduleRetry();
    });
    options.onLink(opened);
    setStatus({ state: 'ready' });
  };

  return {
    start() {
      if (running) return;
      running = true;
      told = false;
      generation += 1;
      delay = initialMs;
      void connect();
    },
    async stop() {
      running = false;
      generation += 1;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      const closing = link;
      link = null;
      if (closing !== null) {
        options.onLost?.(closing);
        await closing.close();
      }
      setStatus({ state: 'disconnected' });
    },
    status: () => current,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
