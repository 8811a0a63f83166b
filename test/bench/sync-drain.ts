/**
 * Drain benchmark (issue: sync): 10,000 signed applications queued in a workstation's database,
 * the harness started against the reference registry (its own process) on loopback; measured until
 * the registry has accepted them all, and until every decision is applied. The floor: the same
 * batched POSTs (100 a request) sent by a plain loop, without the app, to a fresh registry. Peak
 * memory is the harness process's VmHWM. Prints figures, asserts nothing.
 *
 *   npm run bench:sync [-- --count 10000] [--runs 3] [--random-ids]
 *
 * --random-ids: the queue has random (v4) ids, as versions before issue 18 made them (a backlog an
 * older version left); by default ids are the app's own, time-ordered (main/services/uuid7.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { SyncStatus } from '../../preload/contract';
import { HttpClient, projectRoot, removeDir, startHarness, tempDir, watchEvents, type Harness } from '../harness';
import { reportBench } from './bench-json';
import { seedHarnessDataDir, syntheticPerson } from '../support/sync-load';

const { values } = parseArgs({
  options: { count: { type: 'string' }, runs: { type: 'string' }, 'random-ids': { type: 'boolean' } },
  strict: true,
});
const COUNT = Number(values.count ?? 10_000);
/** Floor/app pairs; the ratio is reported as min/median/max over them (issue 18). */
const RUNS = Number(values.runs ?? 3);
const BATCH = 100;

/** The reference registry as its own process (npm run central), so the app and the floor meet the same server. */
async function startRegistry(registryFile: string, port = 0): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
      'test/central/cli.ts',
      '--registry',
      registryFile,
      '--decision-delay-ms',
      '0',
      '--port',
      String(port),
    ],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`registry exited ${code}: ${out}`)));
  });
  return { url, child };
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

async function floor(
  registryFile: string,
  people: ReturnType<typeof syntheticPerson>[],
): Promise<{ ms: number; registryCpuMs: number; registryWaitMs: number }> {
  const { url, child } = await startRegistry(registryFile);
  try {
    const items = people.map((p, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      procedure: 'issue',
      idNumber: p.idNumber,
      person: {
        surname: p.surname,
        givenNames: p.givenNames,
        patronymic: p.patronymic,
        birthDate: p.birthDate,
        sex: p.sex,
        citizenship: 'BLR',
      },
      document: { type: 'passport_by', series: 'MP', number: p.documents[0]?.number ?? '', expiresAt: '2035-01-01' },
      phone: p.phone,
      phoneConfirmation: { method: 'deferred' },
      consentToVerification: true,
      officeCode: 'MN-01',
      workstationId: '1',
      clerkId: 'bench',
      signedAt: new Date().toISOString(),
    }));
    const cpu0 = cpuMs(child.pid);
    const wait0 = runQueueMs(child.pid);
    const t0 = performance.now();
    for (let i = 0; i < items.length; i += BATCH) {
      const res = await fetch(new URL('v1/submissions', url), {
        method: 'POST',
        headers: { Authorization: 'Bearer dev-token', 'Content-Type': 'application/json' },
        body: JSON.stringify({ items: items.slice(i, i + BATCH) }),
      });
      if (!res.ok) throw new Error(`floor: HTTP ${res.status} ${await res.text()}`);
      await res.json();
    }
    return { ms: performance.now() - t0, registryCpuMs: cpuMs(child.pid) - cpu0, registryWaitMs: runQueueMs(child.pid) - wait0 };
  } finally {
    await stop(child);
  }
}

/** CPU time (user + system) a process and its children have used so far, from /proc (ms); NaN where there is none. */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const own = ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    // tsx runs the registry in a child process of its own.
    const children = readdirSync(`/proc/${pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
    return own + children.reduce((sum, c) => sum + cpuMs(c), 0);
  } catch {
    return NaN;
  }
}

/**
 * Time the main thread of a process and of its children spent runnable but waiting for a CPU (ms),
 * from /proc/…/schedstat (its second field): when the registry's main thread waits there, the
 * machine's two cores are the limit, not the app's pipeline.
 */
function runQueueMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const own = Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
    const children = readdirSync(`/proc/${pid}/task`).flatMap((t) =>
      readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
    return own + children.reduce((sum, c) => sum + runQueueMs(c), 0);
  } catch {
    return NaN;
  }
}

/** Bytes a process has written so far (write_bytes of /proc/…/io: to the disk, the WAL's frames and checkpoints). */
function writtenMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const m = /^write_bytes: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
  return m?.[1] ? Number(m[1]) / 1024 / 1024 : NaN;
}

function peakRssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m?.[1] ? Number(m[1]) / 1024 : NaN;
}

/** A port free right now (the registry is started on it later, after the app). */
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

async function drain(registryFile: string, people: ReturnType<typeof syntheticPerson>[]) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  let child: ChildProcess | null = null;
  const dataDir = tempDir('okno-bench-sync-');
  let harness: Harness | null = null;
  try {
    const config = join(dataDir, 'config.json');
    writeFileSync(config, JSON.stringify({ registryUrl: url, registryToken: 'dev-token', officeCode: 'MN-01' }));
    // Create the database, key and an account, then queue the day's work while the app is down.
    harness = await startHarness({ dataDir, args: ['--config', config] });
    const admin = await new HttpClient(harness.url).connect();
    await admin.call('setup.createAdmin', { login: 'admin', password: 'admin-password-1', passwordRepeat: 'admin-password-1' });
    await harness.stop();
    await seedHarnessDataDir(dataDir, 'MN-01', people, { randomIds: values['random-ids'] === true });

    // The app starts offline with its queue; the clock starts when the registry comes up.
    harness = await startHarness({
      dataDir,
      args: ['--config', config, '--sync-poll-ms', '20'],
      // OKNO_BENCH_CPU_PROF=DIR: the harness's CPU profile of the drain goes there (node --cpu-prof).
      ...(process.env.OKNO_BENCH_CPU_PROF && { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${process.env.OKNO_BENCH_CPU_PROF}`] }),
    });
    let t0 = NaN;
    let sentMs = NaN;
    let registryPid: number | undefined;
    let perf: ChildProcess | undefined;
    const h = harness;
    const cpu = {
      registry0: NaN,
      harness0: NaN,
      registry: NaN,
      harness: NaN,
      registryWait0: NaN,
      registryWait: NaN,
      written0: NaN,
      written: NaN,
    };
    await watchEvents(
      harness,
      { login: 'admin', password: 'admin-password-1' },
      (event, data) => {
        if (event !== 'sync.status') return false;
        const s = data as SyncStatus;
        if (Number.isNaN(sentMs) && s.pending === 0 && s.online === true) {
          sentMs = performance.now() - t0;
          cpu.registry = cpuMs(registryPid) - cpu.registry0;
          cpu.harness = cpuMs(h.process.pid) - cpu.harness0;
          cpu.registryWait = runQueueMs(registryPid) - cpu.registryWait0;
          cpu.written = writtenMb(h.process.pid) - cpu.written0;
          perf?.kill('SIGINT');
        }
        return s.pending === 0 && s.awaitingDecision === 0 && s.online === true;
      },
      600_000,
      async () => {
        // The stream is open: now the registry comes up and the clock starts.
        child = (await startRegistry(registryFile, port)).child;
        registryPid = child.pid;
        cpu.registry0 = cpuMs(registryPid);
        cpu.harness0 = cpuMs(h.process.pid);
        cpu.registryWait0 = runQueueMs(registryPid);
        cpu.written0 = writtenMb(h.process.pid);
        // OKNO_BENCH_PERF=FILE: `perf record` of the harness while it drains (sqlite's threads show there, not in --cpu-prof).
        if (process.env.OKNO_BENCH_PERF)
          perf = spawn('perf', ['record', '-q', '-F', '999', '-g', '-p', String(h.process.pid), '-o', process.env.OKNO_BENCH_PERF], {
            stdio: 'inherit',
          });
        t0 = performance.now();
        return false;
      },
    );
    const decidedMs = performance.now() - t0;
    const peak = peakRssMb(harness.process.pid);
    return {
      sentMs,
      decidedMs,
      peak,
      registryCpuMs: cpu.registry,
      harnessCpuMs: cpu.harness,
      registryWaitMs: cpu.registryWait,
      writtenMb: cpu.written,
    };
  } finally {
    await harness?.stop();
    if (child) await stop(child);
    removeDir(dataDir);
  }
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};

async function main() {
  const people = Array.from({ length: COUNT }, (_, i) => syntheticPerson(i));
  const dir = tempDir('okno-bench-registry-');
  const registryFile = join(dir, 'registry.json');
  writeFileSync(registryFile, JSON.stringify(people.map(({ phone: _p, ...p }) => p)));
  try {
    // Floor and app alternate, so a slow spell of the machine falls on both; the ratio is taken per pair.
    const pairs: { floor: Awaited<ReturnType<typeof floor>>; app: Awaited<ReturnType<typeof drain>> }[] = [];
    for (let run = 0; run < RUNS; run++) {
      const f = await floor(registryFile, people);
      const app = await drain(registryFile, people);
      pairs.push({ floor: f, app });
      console.log(
        `run ${run + 1}/${RUNS}: floor ${f.ms.toFixed(0)} ms, app ${app.sentMs.toFixed(0)} ms (×${(app.sentMs / f.ms).toFixed(2)}), decisions ${app.decidedMs.toFixed(0)} ms`,
      );
    }
    const ratios = pairs.map((p) => p.app.sentMs / p.floor.ms);
    const decisionRatios = pairs.map((p) => p.app.decidedMs / p.app.sentMs);
    const med = (pick: (p: (typeof pairs)[number]) => number) => median(pairs.map(pick));
    const floorMs = med((p) => p.floor.ms);
    const sentMs = med((p) => p.app.sentMs);
    const floorCpuMs = med((p) => p.floor.registryCpuMs);
    reportBench(
      {
        name: 'sync-drain',
        rows: [
          { metric: `floor: ${COUNT} submissions, plain loop of POSTs of ${BATCH} (median)`, value: floorMs, unit: 'ms' },
          { metric: `app: registry up → all ${COUNT} accepted by it (median)`, value: sentMs, unit: 'ms' },
          { metric: `app ÷ floor, median of ${RUNS} pairs`, value: median(ratios), unit: '×', target: '≤ ×1.5 of the floor' },
          { metric: `app ÷ floor, min of ${RUNS} pairs`, value: Math.min(...ratios), unit: '×' },
          { metric: `app ÷ floor, max of ${RUNS} pairs`, value: Math.max(...ratios), unit: '×' },
          {
            metric: 'app: registry up → every decision applied (median)',
            value: med((p) => p.app.decidedMs),
            unit: 'ms',
          },
          {
            metric: 'decisions applied ÷ accept time, median',
            value: median(decisionRatios),
            unit: '×',
            target: '≤ ×2 of the accept time',
          },
          { metric: 'floor: CPU time of the registry process (median)', value: floorCpuMs, unit: 'ms' },
          {
            metric: 'app: CPU time of the registry process until all accepted (median)',
            value: med((p) => p.app.registryCpuMs),
            unit: 'ms',
            baseline: floorCpuMs,
          },
          {
            metric: 'floor: registry’s main thread runnable, waiting for a CPU (median)',
            value: med((p) => p.floor.registryWaitMs),
            unit: 'ms',
          },
          {
            metric: 'app: registry’s main thread runnable, waiting for a CPU (median)',
            value: med((p) => p.app.registryWaitMs),
            unit: 'ms',
          },
          { metric: 'app: CPU time of the harness process until all accepted (median)', value: med((p) => p.app.harnessCpuMs), unit: 'ms' },
          { metric: 'app: MB the harness wrote to disk until all accepted (median)', value: med((p) => p.app.writtenMb), unit: 'MB' },
          {
            metric: 'app: peak resident memory of the harness (VmHWM, max)',
            value: Math.max(...pairs.map((p) => p.app.peak)),
            unit: 'MB',
            target: '≤ 300 MB',
          },
        ],
      },
      `Sync drain, ${COUNT} applications${values['random-ids'] === true ? ' (random v4 ids: an older version’s backlog)' : ''}, ${RUNS} runs`,
    );
  } finally {
    removeDir(dir);
  }
}

await main();
