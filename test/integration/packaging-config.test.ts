/**
 * Installers cannot be built on the CI machines (electron-builder downloads its tools), so the
 * configuration is checked against electron-builder's own schema: a broken config fails here.
 */
import { createRequire } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../harness';

const require = createRequire(import.meta.url);
type Validate = (config: unknown, logger: unknown) => Promise<void>;
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as { validateConfiguration: Validate };
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const config = JSON.parse(readFileSync(join(projectRoot, 'build', 'electron-builder.json'), 'utf8')) as Record<string, unknown>;

describe('electron-builder configuration', () => {
  it('passes electron-builder’s schema', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });
  it('is rejected when broken (the check can fail)', async () => {
    await expect(validateConfiguration({ ...config, nsis: { oneClik: false } }, new DebugLogger(false))).rejects.toThrow(/oneClik|nsis/);
  });
  it('does not rebuild native modules (they are N-API)', () => {
    expect(config.npmRebuild).toBe(false);
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
    expect((config.electronFuses as Record<string, unknown> | undefined)?.[fuse]).toBe(value);
  });

  it('unpacks the native modules of sqlite3 and serialport from the asar', () => {
    // The same matcher and options electron-builder applies to asarUnpack.
    const fromBuilder = createRequire(require.resolve('app-builder-lib/package.json'));
    const { minimatch } = fromBuilder('minimatch') as { minimatch: (path: string, pattern: string, options: { dot: boolean }) => boolean };
    const patterns = config.asarUnpack as string[];
    expect(patterns).toContain('**/*.node');
    const nativeFiles = (dir: string): string[] =>
      readdirSync(join(projectRoot, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.node'))
        .map((f) =>
          relative(projectRoot, join(projectRoot, dir, f))
            .split(sep)
            .join('/'),
        );
    const sqlite = nativeFiles('node_modules/sqlite3');
    const serial = nativeFiles('node_modules/@serialport/bindings-cpp');
    expect(sqlite.length).toBeGreaterThan(0);
    expect(serial.length).toBeGreaterThan(0);
    for (const file of [...sqlite, ...serial])
      expect(
        patterns.some((p) => minimatch(file, p, { dot: true })),
        file,
      ).toBe(true);
  });
});
