// `npm run dist`: installers for the current platform with electron-builder. It needs the
// Electron binary and electron-builder's tools from the internet; without them it says so
// and exits non-zero — it never pretends to have built anything.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
if (spawnSync(process.execPath, ['build/scripts/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
const r = spawnSync(
  'node_modules/.bin/electron-builder',
  ['-c', 'build/electron-builder.json', '--publish', 'never', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (r.status !== 0) {
  process.stderr.write(
    '\nInstallers were NOT built. electron-builder needs to download the Electron binary and its packaging tools (from GitHub); ' +
      'on a machine without that access this step cannot succeed. Run `npm run dist` on a build machine with internet access.\n',
  );
  process.exit(r.status ?? 1);
}
