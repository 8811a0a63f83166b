/**
 * Scan → form benchmark (issue: devices). The built harness runs with its reader on a socat pty
 * pair; the simulator sends a TD3 passport at 9600 baud, paced as on the wire (10 bits a byte, 8N1);
 * Chromium shows «Выдача УИ» as a clerk. Measured: from the last byte written to the pty to the
 * first animation frame in which the form shows the identification number — what the clerk sees.
 * Both ends read the same wall clock (performance.timeOrigin + now()). Prints figures, asserts nothing.
 *
 *   npm run bench:scan [-- --scans 50]
 */
import { chromium, type Page } from 'playwright-core';
import { defaultReaderSettings } from '../../preload/contract';
import { chromiumArgs, chromiumPath } from '../e2e/chromium';
import { reportBench, type BenchRow } from './bench-json';
import { HttpClient, removeDir, startHarness } from '../harness';
import { encodeReaderFrame, openReaderSimulator, type SimFraming } from '../simulators/card-reader';
import { createPtyPair } from '../simulators/pty';

const BAUD = 9600;
const BITS_PER_BYTE = 10; // start + 8 data + stop
const CHUNK = 16; // a USB-serial adapter hands bytes over in small bursts
const TD3 = 'PPBLRIVANOU<<IVAN<<<<<<<<<<<<<<<<<<<<<<<<<<<\nMP12345677BLR8702274M30011563270287A012PB284';
const ID_NUMBER = '3270287A012PB2';

/**
 * Runs in the page (a string: this file is type-checked without the DOM library): resolves, on
 * the first animation frame that shows the scanned number in the form, with the wall-clock time.
 */
const ARM_WATCH = `window.__filled = new Promise((resolve) => {
  const tick = () => {
    const el = document.querySelector('input[id$="-idNumber"]');
    if (el && el.value === ${JSON.stringify(ID_NUMBER)}) resolve(performance.timeOrigin + performance.now());
    else requestAnimationFrame(tick);
  };
  tick();
}); undefined`;

const args = process.argv.slice(2);
const scans = Number(args[args.indexOf('--scans') + 1] ?? 50) || 50;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
};
const wallNow = () => performance.timeOrigin + performance.now();
const pause = (msToWait: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, msToWait)));

async function signInAsClerk(page: Page, url: string) {
  await page.goto(url);
  await page.getByLabel('Логин', { exact: true }).fill('clerk');
  await page.getByLabel('Пароль', { exact: true }).fill('clerk-password-1');
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByRole('button', { name: 'Выйти' }).waitFor();
  await page
    .getByRole('navigation')
    .getByRole('button', { name: /^Выдача УИ/ })
    .click();
}

async function main() {
  const harness = await startHarness();
  const pair = await createPtyPair();
  const sim = await openReaderSimulator(pair.simPath, BAUD);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  const rows: BenchRow[] = [];
  try {
    const admin = await new HttpClient(harness.url).connect();
    const password = 'admin-password-1';
    await admin.call('setup.createAdmin', { login: 'admin', password, passwordRepeat: password });
    await admin.call('clerks.create', { login: 'clerk', fullName: 'Скорость Сканер', role: 'clerk', password: 'clerk-given-1' });
    // The clerk replaces the password the administrator gave before any work (issue 15).
    const clerk = await new HttpClient(harness.url).connect();
    await clerk.call('auth.login', { login: 'clerk', password: 'clerk-given-1' });
    const changed = await clerk.call('auth.changePassword', {
      currentPassword: 'clerk-given-1',
      newPassword: 'clerk-password-1',
      newPasswordRepeat: 'clerk-password-1',
    });
    if (!changed.ok) throw new Error(JSON.stringify(changed));
    const saved = await admin.call('settings.update', { reader: { ...defaultReaderSettings, path: pair.devicePath } });
    if (!saved.ok) throw new Error(JSON.stringify(saved));

    const page = await browser.newPage();
    await signInAsClerk(page, harness.url);
    const idField = page.getByLabel('Идентификационный номер', { exact: true });
    // The reader opens its port after the settings change: scans sent before that would be lost.
    await page.getByRole('status', { name: 'Считыватель' }).getByText('готов').waitFor();

    for (const framing of ['stx', 'desko', 'lines'] as SimFraming[]) {
      const frame = encodeReaderFrame(TD3, framing);
      const wireMs = (frame.length * BITS_PER_BYTE * 1000) / BAUD;
      const latencies: number[] = [];
      // A real reader never changes framing; let the framer forget the previous one's trailer.
      await pause(1000);
      for (let i = 0; i < scans + 3; i++) {
        await idField.fill('');
        // Arm a per-frame watch in the page before the first byte leaves.
        await page.evaluate(ARM_WATCH);
        const start = wallNow();
        for (let at = 0; at < frame.length; at += CHUNK) {
          await pause(start + (at * BITS_PER_BYTE * 1000) / BAUD - wallNow());
          await sim.sendRaw(frame.subarray(at, at + CHUNK));
        }
        const lastByte = wallNow();
        const filled = Number(
          await page.evaluate(
            `Promise.race([window.__filled, new Promise((_, reject) => setTimeout(() => reject(new Error('form not filled in 5 s')), 5000))])`,
          ),
        );
        if (i >= 3) latencies.push(filled - lastByte); // the first three warm the caches
      }
      rows.push(
        { metric: `${framing}: last byte → form filled, p50 (n=${scans})`, value: quantile(latencies, 0.5), unit: 'ms' },
        { metric: `${framing}: last byte → form filled, p95`, value: quantile(latencies, 0.95), unit: 'ms', target: '≤ 150 ms' },
        { metric: `${framing}: last byte → form filled, max`, value: Math.max(...latencies), unit: 'ms' },
        { metric: `${framing}: ${frame.length} bytes on the wire at ${BAUD} 8N1`, value: wireMs, unit: 'ms' },
      );
    }
  } finally {
    await browser.close();
    await sim.close();
    await pair.close();
    await harness.stop();
    removeDir(harness.dataDir);
  }
  reportBench({ name: 'scan-to-form', rows }, 'Scan → form (after the last byte)');
}

await main();
