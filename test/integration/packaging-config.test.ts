/**
 * Installers cannot be built on the CI machines (electron-builder downloads Electron and its tools
 * from GitHub), so the configuration is checked against electron-builder's own schema, its content
 * is checked here, and build/scripts/pack-check.mjs packs the app for real (`--linux dir`) against a
 * stand-in Electron executable and inspects the result. A broken config fails here.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../harness';

const require = createRequire(import.meta.url);
type Validate = (config: unknown, logger: unknown) => Promise<void>;
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration: Validate };
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
// The same matcher and options electron-builder applies to asarUnpack and files.
const fromBuilder = createRequire(require.resolve('app-builder-lib/package.json'));
const { minimatch } = fromBuilder('minimatch') as { minimatch: (path: string, pattern: string, options: { dot: boolean }) => boolean };

type Target = string | { target: string; arch?: string[] };
type Config = {
  productName: string;
  copyright: string;
  extraMetadata: { author: { name: string; email: string }; homepage: string };
  asarUnpack: string[];
  files: string[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  publish: { provider: string; url: string }[];
  win: {
    target: Target[];
    icon: string;
    signtoolOptions: { publisherName: string[] };
    verifyUpdateCodeSignature?: boolean;
    forceCodeSigning?: boolean;
  };
  nsis: Record<string, unknown>;
  msi: Record<string, unknown>;
  linux: { target: Target[]; icon: string; maintainer: string; category: string };
  deb: { depends: string[] };
};
const configText = readFileSync(join(projectRoot, 'build', 'electron-builder.json'), 'utf8');
const config = JSON.parse(configText) as Config;
const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
  version: string;
  dependencies?: Record<string, string>;
};
const targetNames = (targets: Target[]) => targets.map((t) => (typeof t === 'string' ? t : t.target));

/** Width and height from a PNG's IHDR chunk (after the 8-byte signature and the chunk's length and type). */
function pngSize(file: string): { width: number; height: number } | null {
  const bytes = readFileSync(file);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature) || bytes.toString('ascii', 12, 16) !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder configuration', () => {
  it('passes electron-builder’s schema', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });
  it('is rejected when broken (the check can fail)', async () => {
    await expect(validateConfiguration({ ...config, nsis: { oneClik: false } }, new DebugLogger(false))).rejects.toThrow(/oneClik|nsis/);
    await expect(
      validateConfiguration({ ...config, win: { ...config.win, signtoolOptions: { publisher: 'x' } } }, new DebugLogger(false)),
    ).rejects.toThrow(/publisher|signtoolOptions/);
  });
  it('does not rebuild native modules (they are N-API)', () => {
    expect(config.npmRebuild).toBe(false);
  });

  it('names the product, its publisher and copyright', () => {
    expect(config.productName).toBe('Okno');
    expect(config.copyright).toMatch(/Okno/);
    // The deb needs an author e-mail and a homepage; package.json has neither, so the package gets them.
    expect(config.extraMetadata.author).toEqual({ name: 'Okno', email: expect.stringMatching(/@/) });
    expect(config.extraMetadata.homepage).toMatch(/^https:\/\//);
    expect(config.linux.maintainer).toMatch(/<.+@.+>/);
  });

  it('builds every target: NSIS and MSI for Windows, deb and AppImage for Linux', () => {
    expect(targetNames(config.win.target).sort()).toEqual(['msi', 'nsis']);
    expect(targetNames(config.linux.target).sort()).toEqual(['AppImage', 'deb']);
  });

  it('installs for all users; NSIS lets the administrator choose the folder', () => {
    expect(config.nsis).toMatchObject({
      perMachine: true,
      oneClick: false,
      allowToChangeInstallationDirectory: true,
      runAfterFinish: false,
    });
    // The user's data (database, key, logs) outlives an uninstall.
    expect(config.nsis.deleteAppDataOnUninstall).toBe(false);
    expect(config.msi).toMatchObject({ perMachine: true, runAfterFinish: false });
  });

  it('keeps one MSI UpgradeCode forever, so a new MSI replaces the old one', () => {
    expect(config.msi.upgradeCode).toBe('2FB614CF-8E37-4E95-BCD5-A2B8CACAFE9E');
  });

  it('signs Windows builds and makes electron-updater check the publisher of an update', () => {
    expect(config.win.signtoolOptions.publisherName.length).toBeGreaterThan(0);
    expect(config.win.verifyUpdateCodeSignature).not.toBe(false);
    expect(config.win.forceCodeSigning).toBe(true);
  });

  it('gives the deb what Electron and safeStorage need', () => {
    for (const dep of ['libgtk-3-0', 'libnss3', 'libsecret-1-0', 'libgbm1', 'libasound2', 'xdg-utils'])
      expect(config.deb.depends).toContain(dep);
    expect(config.linux.category).toBe('Office');
  });

  it('publishes latest.yml for a generic (internal) update server', () => {
    expect(config.publish).toHaveLength(1);
    expect(config.publish[0]).toMatchObject({ provider: 'generic', url: expect.stringMatching(/^https:\/\/.+\/$/) });
  });

  it.each([
    ['build/icons/512x512.png', 512],
    ['build/icons/256x256.png', 256],
  ])('has the icon %s, a %d px square PNG', (file, size) => {
    expect(existsSync(join(projectRoot, file))).toBe(true);
    expect(pngSize(join(projectRoot, file))).toEqual({ width: size, height: size });
  });
  it('uses the 256 px icon for Windows (.ico is made from it) and the folder for Linux', () => {
    expect(config.win.icon).toBe('build/icons/256x256.png');
    expect(config.linux.icon).toBe('build/icons');
    // Linux takes the sizes from the file names.
    for (const f of readdirSync(join(projectRoot, 'build/icons'))) {
      const size = /^(\d+)x\1\.png$/.exec(f)?.[1];
      expect(size, f).toBeDefined();
      expect(pngSize(join(projectRoot, 'build/icons', f))?.width).toBe(Number(size));
    }
  });

  it.each([
    // `electron` cannot be turned into a plain Node with ELECTRON_RUN_AS_NODE.
    ['runAsNode', false],
    // Cookies on disk are encrypted with the OS keystore.
    ['enableCookieEncryption', true],
    // NODE_OPTIONS / NODE_EXTRA_CA_CERTS cannot inject code or trust.
    ['enableNodeOptionsEnvironmentVariable', false],
    // --inspect and SIGUSR1 cannot attach a debugger to the main process.
    ['enableNodeCliInspectArguments', false],
    // app.asar is checked against the hash in the executable (Windows, macOS)...
    ['enableEmbeddedAsarIntegrityValidation', true],
    // ...and only app.asar is loaded, so an unpacked app/ folder cannot replace it.
    ['onlyLoadAppFromAsar', true],
    // Pages from file:// get no more than a browser gives them (ours come from app://).
    ['grantFileProtocolExtraPrivileges', false],
  ])('sets the fuse %s to %s', (fuse, value) => {
    expect(config.electronFuses[fuse]).toBe(value);
  });

  it('unpacks every native file of sqlite3 and serialport from the asar, by name', () => {
    const nativeFiles = (dir: string): string[] =>
      readdirSync(join(projectRoot, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.node'))
        .map((f) =>
          relative(projectRoot, join(projectRoot, dir, f))
            .split(sep)
            .join('/'),
        );
    // What the app ships: node_modules minus the exclusions in `files` (sqlite3's build leftovers).
    const excluded = config.files.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
    const shipped = (f: string) => !excluded.some((p) => minimatch(f, p, { dot: true }));
    const sqlite = nativeFiles('node_modules/sqlite3').filter(shipped);
    const serial = nativeFiles('node_modules/@serialport/bindings-cpp').filter(shipped);
    expect(sqlite).toContain('node_modules/sqlite3/build/Release/node_sqlite3.node');
    expect(serial.some((f) => f.startsWith('node_modules/@serialport/bindings-cpp/prebuilds/'))).toBe(true);
    // No catch-all pattern: each pattern names its package.
    for (const p of config.asarUnpack) expect(p).toMatch(/sqlite3|@serialport/);
    for (const file of [...sqlite, ...serial])
      expect(
        config.asarUnpack.some((p) => minimatch(file, p, { dot: true })),
        file,
      ).toBe(true);
  });
});

const electronIsDependency = 'electron' in (pkg.dependencies ?? {});

describe('packing the app (--linux dir, stand-in Electron)', () => {
  it('electron is a devDependency: electron-builder refuses to package it as a dependency', () => {
    expect(electronIsDependency, 'move "electron" from "dependencies" to "devDependencies" in package.json').toBe(false);
  });

  it.skipIf(electronIsDependency)(
    'puts the app into app.asar, sqlite3 and serialport into app.asar.unpacked, flips the fuses, writes the update feed',
    () => {
      const r = spawnSync(process.execPath, ['build/scripts/pack-check.mjs'], { cwd: projectRoot, encoding: 'utf8', timeout: 170_000 });
      const output = `${r.stdout}\n${r.stderr}`;
      expect(r.status, output).toBe(0);
      expect(output).toMatch(/ok {3}app\.asar contains \/out\/main\/electron\.js/);
      expect(output).toMatch(/ok {3}app\.asar\.unpacked contains node_modules\/sqlite3\/build\/Release\/node_sqlite3\.node/);
      expect(output).toMatch(/ok {3}app\.asar\.unpacked contains node_modules\/@serialport\/bindings-cpp\/prebuilds\/linux-x64\//);
      expect(output).toMatch(/ok {3}fuse onlyLoadAppFromAsar is true/);
      expect(output).toMatch(/ok {3}resources\/app-update\.yml names the generic provider/);
      expect(output).toMatch(/pack-check: \d+ ok, 0 failed/);
    },
    180_000,
  );
});
