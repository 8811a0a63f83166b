// `npm run dist`: installers for the current platform with electron-builder (Windows: NSIS + MSI,
// Linux: deb + AppImage; config in build/electron-builder.json). Extra arguments go to electron-builder.
//
// Electron itself must be at hand: either its zip in a download cache, or a machine where the
// electron package has already downloaded its binary (node_modules/electron/path.txt). Where neither
// is true (machines without access to GitHub), this script says so and exits 1 before building
// anything — it never pretends. `--dry-check` only runs that check (exit 0 when the build could start).
// electron-builder also downloads its packaging tools (NSIS, WiX, fpm, appimagetool) from GitHub;
// if that fails, the script says installers were NOT built and exits non-zero.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const dryCheck = args.includes('--dry-check');
const builderArgs = args.filter((a) => a !== '--dry-check');
const config = JSON.parse(readFileSync(join(root, 'build', 'electron-builder.json'), 'utf8'));
const version = config.electronVersion;
const platform = process.platform;
const archFlag = builderArgs.find((a) => ['--x64', '--ia32', '--arm64', '--armv7l'].includes(a));
const arch = archFlag ? archFlag.slice(2) : process.arch;

const say = (text) => process.stderr.write(`${text}\n`);

// Installers are built for the platform they run on: sqlite3 is compiled for this machine
// (npmRebuild is off), so a Windows installer made on Linux would carry a Linux sqlite3.
const otherPlatform =
  { win32: ['--linux', '-l', '--mac', '-m'], linux: ['--win', '-w', '--mac', '-m'], darwin: ['--win', '-w', '--linux', '-l'] }[platform] ??
  [];
const crossFlag = builderArgs.find((a) => otherPlatform.includes(a));
if (crossFlag) {
  say(`npm run dist builds installers for this platform (${platform}) only: ${crossFlag} is refused, because the native modules`);
  say('(sqlite3, serialport) in node_modules are built for this machine. Run `npm ci && npm run dist` on the target platform.');
  process.exit(1);
}

/** The default root where @electron/get (used by electron-builder and by the electron package) keeps downloads. */
function defaultCacheRoot() {
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'electron');
  if (platform === 'win32') return join(process.env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'electron', 'Cache');
  return join(process.env.XDG_CACHE_HOME || join(home, '.cache'), 'electron');
}

function cacheRoots() {
  const roots = [process.env.ELECTRON_CACHE, process.env.electron_config_cache, config.electronDownload?.cache, defaultCacheRoot()];
  return [...new Set(roots.filter((r) => typeof r === 'string' && r.trim() !== ''))];
}

/**
 * The zip as @electron/get stores it, `<root>/<hash of the download URL>/<zip>`, or simply put into a
 * cache folder, `<root>/<zip>`. Returns the electron-builder options that make it use that very file.
 */
function findZip(zipName) {
  for (const cacheRoot of cacheRoots()) {
    if (!existsSync(cacheRoot)) continue;
    const direct = join(cacheRoot, zipName);
    // electron-builder unpacks a given zip as is (Electron's default_app.asar stays, unused: the app loads only app.asar).
    if (existsSync(direct) && statSync(direct).size > 0) return { zip: direct, args: [`-c.electronDist=${direct}`] };
    for (const entry of readdirSync(cacheRoot)) {
      const candidate = join(cacheRoot, entry, zipName);
      if (!existsSync(candidate) || statSync(candidate).size === 0) continue;
      // From the download cache electron-builder takes it the usual way; a cache other than the default is named to it.
      const args = cacheRoot === defaultCacheRoot() ? [] : [`-c.electronDownload.cache=${cacheRoot}`];
      return { zip: candidate, args };
    }
  }
  return null;
}

const zipName = `electron-v${version}-${platform}-${arch}.zip`;
const found = findZip(zipName);
const electronPkg = join(root, 'node_modules', 'electron');
const electronDownloaded = existsSync(join(electronPkg, 'path.txt'));
let electronArgs = [];
if (found) {
  electronArgs = found.args;
  process.stdout.write(`Electron ${version} for ${platform}-${arch}: ${found.zip}\n`);
} else if (electronDownloaded) {
  process.stdout.write(
    `Electron ${version}: the electron package has downloaded its binary on this machine, so electron-builder can fetch ${zipName}.\n`,
  );
} else {
  say(`Installers cannot be built on this machine: the Electron ${version} binary for ${platform}-${arch} is not available.`);
  say(`- ${join('node_modules', 'electron', 'path.txt')} is missing: the electron package never downloaded its binary here.`);
  say(`- ${zipName} is in none of the download caches: ${cacheRoots().join(', ')}.`);
  say(
    'electron-builder would have to download it and its packaging tools from github.com; machines without that access cannot build installers.',
  );
  say('On a build machine with access to github.com run `npx electron --version` once (it downloads Electron), then `npm run dist`;');
  say(`or copy ${zipName} into one of the caches above (ELECTRON_CACHE).`);
  process.exit(1);
}
if (dryCheck) process.exit(0);

if (spawnSync(process.execPath, ['build/scripts/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
const r = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules', 'electron-builder', 'cli.js'),
    '-c',
    'build/electron-builder.json',
    '--publish',
    'never',
    ...electronArgs,
    ...builderArgs,
  ],
  { cwd: root, stdio: 'inherit' },
);
if (r.status !== 0) {
  say(
    '\nInstallers were NOT built. electron-builder could not finish (see above); it downloads its packaging tools ' +
      '(NSIS, WiX, fpm, appimagetool) from GitHub, and Windows builds need the code-signing certificate (CSC_LINK, CSC_KEY_PASSWORD).',
  );
  process.exit(r.status ?? 1);
}
process.stdout.write(`Installers are in ${join(root, config.directories.output)}. Upload them with latest*.yml to the update server.\n`);
