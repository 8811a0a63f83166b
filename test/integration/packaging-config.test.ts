/**
 * Installers cannot be built on the CI machines (electron-builder downloads its tools), so the
 * configuration is checked against electron-builder's own schema: a broken config fails here.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
  it('keeps native modules out of the asar, does not rebuild them, and sets the fuses', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
});
