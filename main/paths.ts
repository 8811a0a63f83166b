import { existsSync } from 'node:fs';
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
