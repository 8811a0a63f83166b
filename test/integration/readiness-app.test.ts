/**
 * «Проверка рабочего места» inside the running app (readiness.run, admin only): its own database
 * connection, the live devices on socat ptys with the printer simulator, the reference registry;
 * a printer problem fails its line; each run is audited. And the updater's state for the header
 * (updates.state / updates.changed): none in the harness, pushed when the Electron layer sets it.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultPrinterSettings,
  defaultReaderSettings,
  type DevicesStatus,
  type ReadinessReport,
  type UpdateStatus,
} from '../../preload/contract';
import { createUpdateStatus } from '../../main/updates/status';
import { startCentralServer, type CentralServer } from '../central/server';
import { removeDir, tempDir, type HttpClient } from '../harness';
import { LabelPrinterSim } from '../simulators/label-printer';
import { createPtyPair, type PtyPair } from '../simulators/pty';
import { seedRoles, startInProcess, type InProcess } from '../support/in-process';

// backup.* goes whole in a config file: a folder with IT's recovery key (this one's private half is dropped).
const RECOVERY_PUBLIC_KEY = generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

const TOKEN = 'readiness-token-1';
const DEVICE_TIMINGS = { backoff: { initialMs: 20, maxMs: 200 }, printerStatusTimeoutMs: 400, printerPollMs: 100, printerIdleCheckMs: 150 };

/** Resolves once the device status matches (now or at a later push). */
function devicesMatch(env: InProcess, match: (s: DevicesStatus) => boolean, timeoutMs = 5000): Promise<void> {
  if (match(env.app.deps.devices.status())) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`devices never matched: ${JSON.stringify(env.app.deps.devices.status())}`));
    }, timeoutMs);
    const off = env.app.deps.devices.onStatus((s) => {
      if (!match(s)) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

const lineOf = (report: ReadinessReport, id: string) => report.lines.find((l) => l.id === id);

describe('readiness.run in the running app', () => {
  let root: string;
  let central: CentralServer;
  let reader: PtyPair;
  let printerPty: PtyPair;
  let printer: LabelPrinterSim;
  let env: InProcess;
  let admin: HttpClient;
  let clerk: HttpClient;

  beforeAll(async () => {
    root = tempDir('okno-readiness-');
    central = await startCentralServer({ token: TOKEN });
    reader = await createPtyPair();
    printerPty = await createPtyPair();
    printer = await LabelPrinterSim.open(printerPty.simPath);
    const configFile = join(root, 'config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        registryUrl: central.url,
        registryToken: TOKEN,
        reader: { ...defaultReaderSettings, path: reader.devicePath },
        printer: { ...defaultPrinterSettings, path: printerPty.devicePath },
        backup: { folder: root, recoveryPublicKey: RECOVERY_PUBLIC_KEY },
      }),
    );
    env = await startInProcess({ configFile, devices: DEVICE_TIMINGS, realClock: true });
    ({ admin, clerk } = await seedRoles(env));
    await devicesMatch(env, (s) => s.reader.status.state === 'ready' && s.printer.status.state === 'ready');
  });
  afterAll(async () => {
    await env?.close();
    await printer?.close();
    await printerPty?.close();
    await reader?.close();
    await central?.close();
    removeDir(root);
  });

  it('is ready with the registry, both devices and a backup folder; audited', async () => {
    const result = await admin.call<ReadinessReport>('readiness.run');
    if (!result.ok) throw new Error(JSON.stringify(result));
    const report = result.value;
    expect(report.lines.filter((l) => l.status === 'fail')).toEqual([]);
    expect(report.ready).toBe(true);
    for (const id of [
      'database',
      'database.migrations',
      'audit',
      'key',
      'registry',
      'registry.token',
      'reader.port',
      'printer.port',
      'printer.status',
    ])
      expect(lineOf(report, id)?.status, id).toBe('ok');
    expect(lineOf(report, 'audit')?.text.ru).toMatch(/Цепочка цела/);
    const entries = await env.app.deps.db('audit_log').where('action', 'readiness.checked').select('details');
    expect(entries.map((e: { details: string }) => JSON.parse(e.details))).toEqual([{ ready: true, failed: [] }]);
  });

  it('a printer out of paper fails its ~HS line with what the printer says', async () => {
    printer.set({ paperOut: true });
    await devicesMatch(env, (s) => s.printer.status.state === 'error');
    const result = await admin.call<ReadinessReport>('readiness.run');
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.value.ready).toBe(false);
    expect(lineOf(result.value, 'printer.port')?.status).toBe('ok');
    expect(lineOf(result.value, 'printer.status')).toMatchObject({
      status: 'fail',
      text: { ru: expect.stringMatching(/закончились этикетки/) },
    });
    printer.set({ paperOut: false });
    await devicesMatch(env, (s) => s.printer.status.state === 'ready');
  });

  it('is the administrator’s only', async () => {
    expect(await clerk.call('readiness.run')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('the updater’s state for the header', () => {
  it('is «none» in the harness (no updater)', async () => {
    const env = await startInProcess();
    try {
      const { admin } = await seedRoles(env);
      expect(await admin.call('updates.state')).toEqual({ ok: true, value: { status: 'none', version: null } });
    } finally {
      await env.close();
    }
  });

  it('follows the updater the Electron layer hands in, pushed as updates.changed', async () => {
    const updates = createUpdateStatus();
    const env = await startInProcess({ updates });
    try {
      const { admin } = await seedRoles(env);
      expect(await admin.call('updates.state')).toEqual({ ok: true, value: { status: 'idle', version: null } });
      const pushed = new Promise<UpdateStatus>((resolve) => {
        const off = env.app.bus.listen((_client, name, payload) => {
          if (name !== 'updates.changed') return;
          off();
          resolve(payload as UpdateStatus);
        });
      });
      updates.set({ status: 'downloaded', version: '0.2.0' });
      expect(await pushed).toEqual({ status: 'downloaded', version: '0.2.0' });
      expect(await admin.call('updates.state')).toEqual({ ok: true, value: { status: 'downloaded', version: '0.2.0' } });
    } finally {
      await env.close();
    }
  });
});
