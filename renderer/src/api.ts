/**
 * The renderer's one door to the main process. In Electron the preload has exposed
 * `window.okno` (already an `OknoApi`); elsewhere (browser harness, tests) the same contract
 * runs over HTTP on the same origin with events as server-sent events. Every answer passes an
 * observer so the session store hears about `session_locked` / `unauthenticated` wherever
 * the call was made.
 */
import {
  buildApi,
  defaultMessages,
  errorCodes,
  events,
  type AppError,
  type ChannelName,
  type EventName,
  type Invoke,
  type OknoApi,
  type Result,
  type Subscribe,
} from '../../preload/contract';

declare global {
  interface Window {
    okno?: OknoApi;
  }
}

const unavailable = (): Result<never> => ({ ok: false, error: { code: 'unavailable', message: defaultMessages.unavailable } });

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const isErrorCode = (value: unknown): value is AppError['code'] =>
  typeof value === 'string' && (errorCodes as readonly string[]).includes(value);

/** Accepts only the `Result` shape; anything else from the wire counts as a transport failure. */
function asResult(body: unknown): Result<unknown> {
  if (!isRecord(body)) return unavailable();
  if (body.ok === true && 'value' in body) return { ok: true, value: body.value };
  if (body.ok === false && isRecord(body.error)) {
    const { code, message, fields } = body.error;
    const error: AppError = {
      code: isErrorCode(code) ? code : 'internal',
      message: typeof message === 'string' ? message : '',
    };
    if (isRecord(fields)) {
      error.fields = Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string'));
    }
    // The registry's refusal code behind the failure (and its words' parameters), for the clerk's language.
    const reason = body.error.reason;
    if (isRecord(reason) && typeof reason.code === 'string') {
      const params = isRecord(reason.params)
        ? Object.fromEntries(Object.entries(reason.params).filter((e): e is [string, string] => typeof e[1] === 'string'))
        : undefined;
      error.reason = { code: reason.code, ...(params && { params }) };
    }
    return { ok: false, error };
  }
  return unavailable();
}

/**
 * The harness's per-client token (see main/http/clients.ts): the browser's cookie reaches pages on
 * every port of 127.0.0.1, the token only this origin's page. It arrives in the fragment of the
 * address the harness redirects to (`/#t=…`) and with every answer that moves the page to a new
 * client (`X-Okno-Token`); it is kept in sessionStorage (per origin, so per port; it survives a
 * reload of the tab) and taken out of the address bar at once.
 */
const TOKEN_STORAGE = 'okno.token';
const TOKEN_FRAGMENT = /^#t=([\w-]{43})$/;
let token: string | null = null;

function storeToken(next: string): void {
  token = next;
  try {
    sessionStorage.setItem(TOKEN_STORAGE, next);
  } catch {
    // Storage refused (private mode limits): this page keeps it in memory; a reload then needs the printed address.
  }
}

/** Takes the token from the address (then removes it) or from the tab's storage; false when there is none. */
function loadToken(): boolean {
  const m = TOKEN_FRAGMENT.exec(window.location.hash);
  if (m?.[1]) {
    storeToken(m[1]);
    history.replaceState(history.state, '', window.location.pathname + window.location.search);
    return true;
  }
  try {
    token = sessionStorage.getItem(TOKEN_STORAGE);
  } catch {
    token = null;
  }
  return token !== null;
}

const eventsUrl = () => `/events?t=${encodeURIComponent(token ?? '')}`;

/**
 * Server-sent events over HTTP. The harness moves the page to a new client at login and logout
 * (a new cookie; it closes the streams of the old one), so the stream is then reopened at once
 * under the new cookie, with every listener, before the call's answer is handed on: what the
 * page loads after signing in is already followed by the new stream.
 */
function createHttpEvents(): { subscribe: Subscribe; reopen: () => Promise<void> } {
  type Listener = (message: MessageEvent<string>) => void;
  const listeners = new Map<EventName, Set<Listener>>();
  let source: EventSource | null = null;

  const attach = (target: EventSource) => {
    for (const [event, set] of listeners) for (const l of set) target.addEventListener(event, l);
  };

  const subscribe: Subscribe = (event, callback) => {
    if (!source) {
      source = new EventSource(eventsUrl());
      attach(source);
    }
    const schema = events[event];
    const listener: Listener = (message) => {
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      const parsed = schema.safeParse(data);
      if (parsed.success) callback(parsed.data);
    };
    const set = listeners.get(event) ?? new Set<Listener>();
    listeners.set(event, set);
    set.add(listener);
    source.addEventListener(event, listener);
    return () => {
      set.delete(listener);
      source?.removeEventListener(event, listener);
    };
  };

  const reopen = () =>
    new Promise<void>((resolve) => {
      if (!source) return resolve();
      source.close();
      const next = new EventSource(eventsUrl());
      source = next;
      attach(next);
      // Open (the server listens from the moment it answers) or failed: either way the call goes on.
      const settle = () => {
        next.removeEventListener('open', settle);
        next.removeEventListener('error', settle);
        resolve();
      };
      next.addEventListener('open', settle);
      next.addEventListener('error', settle);
    });

  return { subscribe, reopen };
}

/** Set when the page talks over HTTP (see httpTransport). */
let reopenEvents: () => Promise<void> = () => Promise.resolve();

const httpInvoke: Invoke = async (channel, input) => {
  try {
    const response = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Okno-Request': '1', 'X-Okno-Token': token ?? '' },
      credentials: 'same-origin',
      body: JSON.stringify(input ?? {}),
    });
    const body: unknown = await response.json().catch(() => null);
    if (response.status !== 200) {
      // A transport failure; keep the harness's own explanation when it sent one.
      const said = asResult(body);
      return said.ok || !said.error.message ? unavailable() : { ok: false, error: { code: 'unavailable', message: said.error.message } };
    }
    if (response.headers.get('X-Okno-Client') === 'rotated') {
      const next = response.headers.get('X-Okno-Token');
      if (next) storeToken(next);
      await reopenEvents();
    }
    return asResult(body);
  } catch {
    return unavailable();
  }
};

function electronTransport(okno: OknoApi): { invoke: Invoke; subscribe: Subscribe } {
  return {
    invoke: (channel, input) => (okno[channel] as (input: unknown) => Promise<Result<unknown>>)(input),
    subscribe: (event, callback) => (okno.on as (event: EventName, cb: (payload: unknown) => void) => () => void)(event, callback),
  };
}

type ErrorObserver = (channel: ChannelName, error: AppError) => void;
let observer: ErrorObserver | null = null;

/** Lets the session store hear about every failed call (idle lock, ended session). */
export function setErrorObserver(next: ErrorObserver | null): void {
  observer = next;
}

function httpTransport(): { invoke: Invoke; subscribe: Subscribe } {
  // A tab without the token (a new tab opened on the clean address) cannot call anything: the
  // harness's page says, in Russian and Belarusian, to open the printed address.
  if (!loadToken()) window.location.replace('/no-key');
  const { subscribe, reopen } = createHttpEvents();
  reopenEvents = reopen;
  return { invoke: httpInvoke, subscribe };
}

const transport = window.okno ? electronTransport(window.okno) : httpTransport();

const observedInvoke: Invoke = async (channel, input) => {
  let result: Result<unknown>;
  try {
    result = await transport.invoke(channel, input);
  } catch {
    result = unavailable();
  }
  if (!result.ok) observer?.(channel, result.error);
  return result;
};

/** The API object every component and store uses. */
export const api: OknoApi = buildApi(observedInvoke, transport.subscribe);
