/**
 * The real app (real SQLite file in a temp dir, real router, real HTTP transport on
 * 127.0.0.1) inside the test process, with a clock the test can move.
 */
import { startApp, type App, type AppOptions, type PrintPage } from '../../main/app';
import { systemClock, type Clock } from '../../main/clock';
import { startHttpTransport, type HttpTransport } from '../../main/http/server';
import { silentLogger } from '../../main/log';
import { HttpClient, removeDir, tempDir } from '../harness';

export class TestClock implements Clock {
  constructor(private t = new Date('2026-11-23T09:00:00Z').getTime()) {}
  now = () => new Date(this.t);
  advance(ms: number) {
    this.t += ms;
  }
}

export interface InProcess {
  app: App;
  http: HttpTransport;
  clock: TestClock;
  dataDir: string;
  client(): Promise<HttpClient>;
  close(): Promise<void>;
}

export async function startInProcess(
  options: {
    dataDir?: string;
    configFile?: string;
    printPage?: PrintPage;
    devices?: AppOptions['devices'];
    sync?: AppOptions['sync'];
    /** The real clock: sync backoff and due times must move with the timers. */
    realClock?: boolean;
    /** false: no purge at start or daily; the test calls `app.deps.retention.runNow()`. */
    retention?: false;
    /** The transport's clock of client lifetimes (default the system's). */
    transportNow?: () => number;
  } = {},
): Promise<InProcess> {
  const dataDir = options.dataDir ?? tempDir();
  const clock = new TestClock();
  // A start that is refused (bad config) must not leave the folder it made behind.
  const app = await startApp({
    ...(options.sync !== undefined && { sync: options.sync }),
    dataDir,
    configFile: options.configFile ?? null,
    log: silentLogger,
    transport: 'http',
    appVersion: '0.0.0-test',
    clock: options.realClock ? systemClock : clock,
    printPage: options.printPage,
    idleCheckMs: 3_600_000,
    ...(options.devices !== undefined && { devices: options.devices }),
    ...(options.retention === false && { retention: false as const }),
  }).catch((error: unknown) => {
    if (!options.dataDir) removeDir(dataDir);
    throw error;
  });
  const http = await startHttpTransport({
    app,
    staticDir: '/nonexistent',
    port: 0,
    log: silentLogger,
    ...(options.transportNow && { now: options.transportNow }),
  });
  return {
    app,
    http,
    clock,
    dataDir,
    client: () => new HttpClient(http.openUrl).connect(),
    async close() {
      await http.close();
      await app.close();
      if (!options.dataDir) removeDir(dataDir);
    },
  };
}

export const ADMIN = { login: 'admin', password: 'admin-password-1' } as const;

/** Creates the first admin plus one clerk of each role; returns logged-in clients per role. */
export async function seedRoles(env: InProcess) {
  const admin = await env.client();
  const created = await admin.call('setup.createAdmin', { login: ADMIN.login, password: ADMIN.password, passwordRepeat: ADMIN.password });
  if (!created.ok) throw new Error(JSON.stringify(created));
  const clients = { admin } as Record<'admin' | 'supervisor' | 'clerk', HttpClient>;
  for (const role of ['supervisor', 'clerk'] as const) {
    const password = `${role}-password-1`;
    const r = await admin.call('clerks.create', { login: role, fullName: `Тестовый ${role}`, role, password });
    if (!r.ok) throw new Error(JSON.stringify(r));
    const c = await env.client();
    const l = await c.call('auth.login', { login: role, password });
    if (!l.ok) throw new Error(JSON.stringify(l));
    clients[role] = c;
  }
  return clients;
}
