/**
 * Foundation benchmarks. Prints figures; asserts nothing (timings are not tested in the suite).
 *  - harness start → first screen rendered in Chromium (median of 5, fresh data dir each)
 *  - renderer bundle size (raw and gzip): all of it, the first screen's JavaScript (the entry and the
 *    chunks index.html loads with it; every other screen is a chunk loaded when opened), the largest chunk
 *  - login round trip over the HTTP transport (p50/p95), and a trivial call for the
 *    transport's own overhead
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../e2e/chromium';
import { HttpClient, projectRoot, removeDir, startHarness } from '../harness';

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const rows: Array<[string, string]> = [];

async function startToFirstScreen() {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  const times: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const harness = await startHarness();
      const page = await browser.newPage();
      await page.goto(harness.url);
      await page.getByRole('button', { name: 'Создать администратора' }).waitFor();
      times.push(performance.now() - t0);
      await page.close();
      await harness.stop();
      removeDir(harness.dataDir);
    }
  } finally {
    await browser.close();
  }
  rows.push(['harness start → first screen (median of 5)', ms(quantile(times, 0.5))]);
  rows.push(['  min / max', `${ms(Math.min(...times))} / ${ms(Math.max(...times))}`]);
}

function bundleSize() {
  const dir = join(projectRoot, 'out', 'renderer');
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const sizes = new Map<string, { raw: number; gz: number }>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(js|css|html)$/.test(name)) {
        const buf = readFileSync(p);
        sizes.set(relative(dir, p).split(sep).join('/'), { raw: buf.length, gz: gzipSync(buf, { level: 9 }).length });
      }
    }
  };
  walk(dir);
  const sum = (files: string[]) =>
    files.reduce((t, f) => ({ raw: t.raw + (sizes.get(f)?.raw ?? 0), gz: t.gz + (sizes.get(f)?.gz ?? 0) }), { raw: 0, gz: 0 });
  const all = sum([...sizes.keys()]);
  rows.push(['renderer bundle (js+css+html)', `${kib(all.raw)} raw, ${kib(all.gz)} gzip`]);

  // What the first screen runs: the entry script and the modules index.html preloads with it (its static imports).
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const firstScreen = [...html.matchAll(/<(?:script\b[^>]*\bsrc|link\b[^>]*\brel="modulepreload"[^>]*\bhref)="\.\/([^"]+\.js)"/g)].map(
    (m) => m[1] ?? '',
  );
  if (firstScreen.length === 0) throw new Error('out/renderer/index.html names no script: is the renderer built?');
  const first = sum(firstScreen);
  rows.push([`first screen JS (entry + ${firstScreen.length - 1} static imports)`, `${kib(first.raw)} raw, ${kib(first.gz)} gzip`]);
  const js = [...sizes.entries()].filter(([f]) => f.endsWith('.js'));
  const [largest, size] = js.reduce((a, b) => (b[1].raw > a[1].raw ? b : a));
  rows.push([`  largest chunk (of ${js.length}): ${largest}`, `${kib(size.raw)} raw, ${kib(size.gz)} gzip`]);
}

async function roundTrips() {
  const harness = await startHarness();
  try {
    const admin = await new HttpClient(harness.url).connect();
    const password = 'bench-password-1';
    await admin.call('setup.createAdmin', { login: 'bench', password, passwordRepeat: password });
    const logins: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = performance.now();
      const r = await admin.call('auth.login', { login: 'bench', password });
      logins.push(performance.now() - t0);
      if (!r.ok) throw new Error(JSON.stringify(r));
    }
    rows.push([
      'login round trip, HTTP (p50 / p95, n=50; scrypt N=2^15 dominates)',
      `${ms(quantile(logins, 0.5))} / ${ms(quantile(logins, 0.95))}`,
    ]);
    const calls: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t0 = performance.now();
      await admin.call('auth.session');
      calls.push(performance.now() - t0);
    }
    rows.push(['auth.session round trip, HTTP (p50 / p95, n=500)', `${ms(quantile(calls, 0.5))} / ${ms(quantile(calls, 0.95))}`]);
  } finally {
    await harness.stop();
    removeDir(harness.dataDir);
  }
}

bundleSize();
await startToFirstScreen();
await roundTrips();
const width = Math.max(...rows.map(([k]) => k.length));
process.stdout.write(`\nOkno foundation benchmarks (${new Date().toISOString()}, node ${process.version})\n`);
for (const [k, v] of rows) process.stdout.write(`${k.padEnd(width)}  ${v}\n`);
