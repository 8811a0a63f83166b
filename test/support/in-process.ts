/**
 * The real app (real SQLite file in a temp dir, real router, real HTTP transport on
 * 127.0.0.1) inside the test process, with a clock the test can move.
 */
import type { SyncStatus } from '../../preload/contract';
import { randomUUID } from 'node:crypto';
import { insertClerk, type ClerkRow } from '../../db';
import { startApp, type App, type AppOptions, type PrintPage } from '../../main/app';
import { audit } from '../../main/services/deps';
import type { Role } from '../../preload/contract';
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
    /** An updater's state, as the Electron layer hands it in (the harness has none). */
    updates?: AppOptions['updates'];
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
    ...(options.updates !== undefined && { updates: options.updates }),
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

/**
 * scrypt hashes (the product's parameters, N=2^17) of the seeded passwords, made once ahead:
 * hashing is ~0.4 s each, and seeding runs in most integration tests. The product path
 * (clerks.create, setup.createAdmin) always hashes for real.
 */
export const SEEDED_HASHES = {
  'supervisor-password-1': 'scrypt$131072$8$1$EuY7T0uvzB29kkiCGJsCyw==$kzHicNPt2nWwjfQ4NRPJbjNhQEuX79gXmlQkWRtn7tQ=',
  'clerk-password-1': 'scrypt$131072$8$1$qeaukNkmj0ZudHUHbA9Maw==$Em4M1TGIdCGcHh3hXTyqG8lVo2u1z3C5+Th7qRsMh+Q=',
} as const;

/**
 * Adds an account with a precomputed hash, as an administrator would (audited `clerk.created`)
 * but without the forced password change unless asked: most tests are about other things.
 */
export async function seedClerk(
  env: InProcess,
  clerk: { login: string; fullName: string; role: Role; passwordHash: string; mustChangePassword?: boolean },
): Promise<ClerkRow> {
  const now = env.clock.now().toISOString();
  const { deps } = env.app;
  return deps.db.transaction(async (trx) => {
    const row = await insertClerk(trx, {
      id: randomUUID(),
      ...clerk,
      disabled: false,
      failedAttempts: 0,
      lockedUntil: null,
      createdAt: now,
      updatedAt: now,
      lastLoginAt: null,
    });
    await audit(trx, deps, null, 'clerk.created', row.id, { login: row.login, role: row.role });
    return row;
  });
}

/** Who a test desk is unless a test says otherwise (the first-run screen asks for both). */
export const DESK = { officeCode: '00', workstationId: '1' } as const;

/**
 * Creates the first admin (with the desk's identity, `DESK` unless given; `null` leaves it unset)
 * plus one clerk of each role; returns logged-in clients per role.
 */
export async function seedRoles(env: InProcess, desk: { officeCode?: string; workstationId?: string } | null = DESK) {
  const admin = await env.client();
  // What a config file gives is not asked on the first-run screen.
  const fromFile = env.app.deps.settings.readonly();
  const typed = Object.entries(desk ?? {}).filter(([key]) => !fromFile.some((k) => k === key));
  const created = await admin.call('setup.createAdmin', {
    login: ADMIN.login,
    password: ADMIN.password,
    passwordRepeat: ADMIN.password,
    ...Object.fromEntries(typed),
  });
  if (!created.ok) throw new Error(JSON.stringify(created));
  const clients = { admin } as Record<'admin' | 'supervisor' | 'clerk', HttpClient>;
  for (const role of ['supervisor', 'clerk'] as const) {
    const password = `${role}-password-1` as const;
    await seedClerk(env, { login: role, fullName: `Тестовый ${role}`, role, passwordHash: SEEDED_HASHES[password] });
    const c = await env.client();
    const l = await c.call('auth.login', { login: role, password });
    if (!l.ok) throw new Error(JSON.stringify(l));
    clients[role] = c;
  }
  return clients;
}

/** Resolves with the first sync status (now or pushed) that matches; rejects after `timeoutMs`. */
export function syncStatusWhere(e: InProcess, match: (s: SyncStatus) => boolean, timeoutMs = 30_000): Promise<SyncStatus> {
  const now = e.app.deps.sync.status();
  if (match(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`sync status not reached; now ${JSON.stringify(e.app.deps.sync.status())}`));
    }, timeoutMs);
    const off = e.app.bus.listen((_c, name, payload) => {
      if (name !== 'sync.status' || !match(payload as SyncStatus)) return;
      clearTimeout(timer);
      off();
      resolve(payload as SyncStatus);
    });
  });
}
