/**
 * Reference implementation of the central registry API (docs/design/central-api.yaml) for tests and
 * demos (DESIGN.md §5): node:http on 127.0.0.1, state in memory and optionally in a file, a
 * registry of known citizens, every refusal reason, idempotent submissions, SMS codes readable on
 * a test-only endpoint, and injectable latency, 5xx, 429, dropped connections and garbage bodies.
 *
 *   const central = await startCentralServer({ registry: people, decisionDelayMs: 0, exposeSms: true });
 *   fetch(`${central.url}v1/health`);
 *
 * This module wires the jobs together and is what callers import; each job has its own module:
 * http.ts (replies, routing, auth), listener.ts (the socket, bodies, injected faults), state.ts
 * (memory and the state file), stats.ts, submissions.ts, decisions.ts (the timer and the feed),
 * uid-status.ts, phone-confirmations.ts, anchors.ts, summary.ts and roster.ts.
 */
import type { Decision, Health } from '../../main/central/schemas';
import { anchorHandlers } from './anchors';
import { createDecisionQueue } from './decisions';
import { assertFaultSpec, createPrng, type FaultSpec, noFaults, parseFaultSpec } from './faults';
import { createRouter, json, type Reply, type Route } from './http';
import { createListener } from './listener';
import { phoneConfirmationHandlers, testSmsHandler } from './phone-confirmations';
import { demoRegistryFile, loadRegistryFile, parseRegistry, type RegistryPerson } from './registry';
import { type CentralState, createStore, stateView } from './state';
import { type CentralStats, createStats } from './stats';
import { rosterHandlers } from './roster';
import { submissionsHandler } from './submissions';
import { officeSummaryHandler } from './summary';
import { toBindings, type TokenBinding } from './tokens';
import { uidStatusHandler } from './uid-status';

export { demoRegistryFile };
export { canonicalJson, type CentralState, type SmsMessage } from './state';
export type { CentralStats } from './stats';
export { parseTokenSpec, type TokenBinding } from './tokens';

export type CentralServerOptions = {
  /** 0 (default): a free port. stop()/start() keep the port that was bound first. */
  port?: number;
  /** People, or the path of a registry JSON file; default the demo registry. */
  registry?: readonly RegistryPerson[] | string;
  /**
   * The bearer tokens accepted; default 'dev-token'. Each `TOKEN` (any office: the legacy single
   * token) or `TOKEN=OFFICE/WORKSTATION` (bound: submissions for another office or workstation are
   * refused with 403, the decisions feed has only its own). /v1/health and /_test/ need none.
   */
  token?: string | readonly (string | TokenBinding)[];
  /** Decisions are made this long after acceptance, in submission order; default 200. */
  decisionDelayMs?: number;
  /** Loaded at start when present; written after each change (temp file + rename). */
  stateFile?: string;
  /** Serve GET /_test/sms; otherwise it is a 404 like any unknown path. */
  exposeSms?: boolean;
  /** A spec object or a CLI spec string (see faults.ts). */
  faults?: FaultSpec | string;
  /** Seeds the PRNGs of faults and SMS codes/confirmation ids; default random. */
  seed?: number;
  /** Time for expiry, rate limits and timestamps; default the real clock. Decision delays use real timers. */
  now?: () => Date;
};

export interface CentralServer {
  /** 'http://127.0.0.1:PORT/'; the API is at `${url}v1/...`. */
  readonly url: string;
  readonly port: number;
  readonly listening: boolean;
  readonly stats: CentralStats;
  readonly state: CentralState;
  /** Takes the listener down (open connections are cut); state and decisions go on. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Ends it: listener down, decision timer cleared. Pending decisions stay in the state file. */
  close(): Promise<void>;
  /** null or 'none': no faults. */
  setFaults(spec: FaultSpec | string | null): void;
  /**
   * Test-only: the feed serves the decision on this submission (when it is made) as `transform`
   * returns it — a malformed item, another UID — while the registry keeps the one it made.
   */
  tamperDecision(submissionId: string, transform: (decision: Decision) => unknown): void;
}

const toSpec = (spec: FaultSpec | string | null | undefined): FaultSpec => {
  if (spec === null || spec === undefined) return noFaults;
  if (typeof spec !== 'string') return assertFaultSpec(spec);
  const parsed = parseFaultSpec(spec);
  if (!parsed.ok) throw new RangeError(parsed.error);
  return parsed.spec;
};

export async function startCentralServer(options: CentralServerOptions = {}): Promise<CentralServer> {
  const decisionDelayMs = options.decisionDelayMs ?? 200;
  const now = options.now ?? (() => new Date());
  const exposeSms = options.exposeSms ?? false;
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  // Separate streams: whether a request was faulted must not shift the SMS codes of a seeded run.
  const faultPrng = createPrng(seed);
  const smsPrng = createPrng(seed ^ 0x5eed5);
  const decisionPrng = createPrng(seed ^ 0xdec1de);
  if (!(decisionDelayMs >= 0)) throw new RangeError(`decisionDelayMs must be >= 0, got ${decisionDelayMs}`);
  let faults = toSpec(options.faults);

  const tokens = toBindings(options.token ?? 'dev-token');
  const source = options.registry ?? demoRegistryFile;
  const loaded = typeof source === 'string' ? loadRegistryFile(source) : parseRegistry(source, '(option)');
  if (!loaded.ok) throw new Error(loaded.error);
  const people = new Map(loaded.people.map((p) => [p.idNumber, p]));

  const store = createStore({ stateFile: options.stateFile, people: loaded.people, decisionDelayMs });
  const state = stateView(store, loaded.people);
  const { stats, record } = createStats(store);
  const decisions = createDecisionQueue({ store, people, now, record, faults: () => faults, prng: decisionPrng });
  const phone = phoneConfirmationHandlers({ store, now, smsPrng });
  const anchors = anchorHandlers(store.anchors);
  const roster = rosterHandlers(store.roster, now);
  const submit = submissionsHandler({ store, now, decisionDelayMs, record, onAccepted: decisions.schedule });
  const health = (): Reply => json(200, { status: 'ok', time: now().toISOString() } satisfies Health);

  const routes: Route[] = [
    { pattern: /^\/v1\/audit-anchors$/, auth: true, methods: { POST: anchors.post, GET: anchors.list } },
    { pattern: /^\/v1\/health$/, auth: false, methods: { GET: health } },
    { pattern: /^\/v1\/uid\/([^/]*)$/, auth: true, methods: { GET: uidStatusHandler(store, now) } },
    { pattern: /^\/v1\/phone-confirmations$/, auth: true, methods: { POST: phone.create } },
    { pattern: /^\/v1\/phone-confirmations\/([^/]*)\/verify$/, auth: true, methods: { POST: phone.verify } },
    { pattern: /^\/v1\/submissions$/, auth: true, methods: { POST: submit } },
    { pattern: /^\/v1\/decisions$/, auth: true, methods: { GET: decisions.list } },
    { pattern: /^\/v1\/offices\/([^/]*)\/summary$/, auth: true, methods: { GET: officeSummaryHandler(store) } },
    { pattern: /^\/v1\/offices\/([^/]*)\/clerks$/, auth: true, methods: { GET: roster.list } },
    { pattern: /^\/v1\/offices\/([^/]*)\/clerks\/([^/]*)$/, auth: true, methods: { PUT: roster.put } },
    { pattern: /^\/_test\/sms$/, auth: false, enabled: () => exposeSms, methods: { GET: testSmsHandler(state) } },
  ];

  const listener = createListener({
    port: options.port ?? 0,
    route: createRouter(routes, tokens),
    faults: () => faults,
    faultPrng,
    onRequest: () => record.request(),
    onFault: (kind) => record.fault(kind),
  });
  let closed = false;

  await listener.listen();
  decisions.schedule();

  return {
    get url() {
      return `http://127.0.0.1:${listener.port}/`;
    },
    get port() {
      return listener.port;
    },
    get listening() {
      return listener.listening;
    },
    stats,
    state,
    stop: () => listener.stop(),
    async start() {
      if (closed) throw new Error('central server: start() after close()');
      if (!listener.listening) await listener.listen();
    },
    async close() {
      closed = true;
      decisions.close();
      await listener.stop();
    },
    setFaults(spec) {
      faults = toSpec(spec);
    },
    tamperDecision(submissionId, transform) {
      store.tampered.set(submissionId, transform);
    },
  };
}
