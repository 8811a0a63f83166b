/**
 * `npm run dist` (build/scripts/dist.mjs) is honest: where the Electron binary cannot be had it says
 * so and exits 1 before building anything. `--dry-check` runs only that check, so these tests never
 * start a build or a download.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../harness';

const electronVersion = (
  JSON.parse(readFileSync(join(projectRoot, 'build', 'electron-builder.json'), 'utf8')) as { electronVersion: string }
).electronVersion;
const zipName = `electron-v${electronVersion}-${process.platform}-${process.arch}.zip`;
// Where the electron package has downloaded its binary, the refusal cannot be shown on this machine.
const electronDownloaded = existsSync(join(projectRoot, 'node_modules', 'electron', 'path.txt'));

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Runs dist.mjs with every download cache pointed into an empty temporary folder. */
function dist(args: string[], prepare?: (caches: { electron: string }) => void) {
  const home = mkdtempSync(join(tmpdir(), 'okno-dist-'));
  dirs.push(home);
  const caches = { electron: join(home, 'electron-cache') };
  mkdirSync(caches.electron);
  prepare?.(caches);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    USERPROFILE: home,
    LOCALAPPDATA: join(home, 'AppData', 'Local'),
    XDG_CACHE_HOME: join(home, '.cache'),
    ELECTRON_CACHE: caches.electron,
    ELECTRON_BUILDER_CACHE: join(home, 'electron-builder-cache'),
  };
  const r = spawnSync(process.execPath, ['build/scripts/dist.mjs', ...args], { cwd: projectRoot, env, encoding: 'utf8', timeout: 20_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('npm run dist', () => {
  it.skipIf(electronDownloaded)('refuses, and says why, when Electron is neither downloaded nor cached', () => {
    const { status, out } = dist(['--dry-check']);
    expect(status).toBe(1);
    expect(out).toMatch(/Installers cannot be built on this machine/);
    expect(out).toContain(`Electron ${electronVersion}`);
    expect(out).toMatch(/path\.txt is missing/);
    expect(out).toContain(zipName);
    expect(out).toMatch(/github\.com/);
    // It stops before building: no "built out/" line from the build step.
    expect(out).not.toMatch(/built out\//);
  });

  it('goes ahead (here: only checks) when the Electron zip is in the download cache, and names it', () => {
    const { status, out } = dist(['--dry-check'], ({ electron }) => {
      mkdirSync(join(electron, 'c0ffee'));
      writeFileSync(join(electron, 'c0ffee', zipName), 'zip');
    });
    expect(out).toContain(join('c0ffee', zipName));
    expect(status).toBe(0);
  });

  it('also takes the zip put straight into ELECTRON_CACHE', () => {
    const { status, out } = dist(['--dry-check'], ({ electron }) => writeFileSync(join(electron, zipName), 'zip'));
    expect(out).toContain(zipName);
    expect(status).toBe(0);
  });

  it('refuses to build for another platform (native modules are built for this one)', () => {
    const other = process.platform === 'win32' ? '--linux' : '--win';
    const { status, out } = dist([other, '--dry-check']);
    expect(status).toBe(1);
    expect(out).toMatch(/for this platform .* only/);
  });
});
