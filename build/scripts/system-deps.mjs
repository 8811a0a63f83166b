// The Debian packages the tests need: Chromium (unless one is already found), socat (serial
// port simulators) and poppler-utils (pdftotext reads the printed PDFs). As root they are installed; otherwise we stop and name them.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const have = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;

function chromiumFound() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return true;
  const cache = process.env.PLAYWRIGHT_BROWSERS_PATH ?? join(homedir(), '.cache', 'ms-playwright');
  if (existsSync(cache) && readdirSync(cache).some((d) => d.startsWith('chromium'))) return true;
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].some((p) => existsSync(p));
}

export function ensureSystemDeps() {
  const missing = [];
  if (!chromiumFound()) missing.push('chromium');
  if (!have('socat')) missing.push('socat');
  if (!have('pdftotext')) missing.push('poppler-utils');
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !have('apt-get')) {
    process.stderr.write(
      `The tests need these system packages: ${missing.join(' ')}\n` +
        `Install them (Debian/Ubuntu): sudo apt-get install -y --no-install-recommends ${missing.join(' ')}\n` +
        `or point CHROMIUM_PATH at a Chromium binary.\n`,
    );
    process.exit(3);
  }
  process.stdout.write(`Installing system packages: ${missing.join(' ')}\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  // Only what the tests use: recommends would bring ~100 more (printer tools, a notification
  // daemon, udev) and upgrade systemd and perl on the user's machine.
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
}

if (import.meta.url === `file://${process.argv[1]}`) ensureSystemDeps();
