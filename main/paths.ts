import { existsSync } from 'node:fs';
import { ensurePrivateDir, tightenTree } from '../db/private-files';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project (or packaged app) root: the nearest folder up from this file with a package.json. */
export function appRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return from;
    dir = up;
  }
  return dir;
}

export const rendererDir = () => join(appRoot(), 'out', 'renderer');
export const defaultHarnessDataDir = () => join(homedir(), '.okno', 'harness');

/** Where IT puts the per-machine provisioning config (used when no --config is given). */
export function machineConfigFile(platform = process.platform, env = process.env): string {
  if (platform === 'win32') return join(env.ProgramData ?? 'C:\\ProgramData', 'Okno', 'config.json');
  return '/etc/okno/config.json';
}

/**
 * The data folder and what is in it (database, WAL, SHM, key, logs/, backups/) owner-only: 0700
 * folders, 0600 files — also an existing `--data-dir` someone made 0755 with files 0644.
 */
export function securePrivateDataDir(dataDir: string): void {
  ensurePrivateDir(dataDir);
  tightenTree(dataDir, 2);
}
