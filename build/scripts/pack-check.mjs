// Packs the app with the real electron-builder configuration (`--linux dir`) against a stand-in
// Electron executable, then checks what an installer would contain: app.asar holds the built app,
// app.asar.unpacked holds the native modules (sqlite3, serialport), the fuses were flipped as
// configured, the update feed file was written. Installers themselves cannot be built here (Electron
// and electron-builder's tools come from GitHub); this checks everything short of that, in ~20 s.
// Nothing of this output is ever shipped.
//
//   node build/scripts/pack-check.mjs [--project DIR] [--keep]
//
// Exits 0 when every check passes, 1 otherwise (each check is printed as `ok` or `FAIL`).
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const projectArg = args.indexOf('--project');
const root = projectArg >= 0 && args[projectArg + 1] ? resolve(args[projectArg + 1]) : fileURLToPath(new URL('../..', import.meta.url));
const keep = args.includes('--keep');

const require = createRequire(join(root, 'package.json'));
const fromBuilder = createRequire(require.resolve('app-builder-lib/package.json'));
const { build, Platform } = require('electron-builder');
const asar = fromBuilder('@electron/asar');
const { getCurrentFuseWire, FuseV1Options } = fromBuilder('@electron/fuses');
const { minimatch } = fromBuilder('minimatch');

const config = JSON.parse(readFileSync(join(root, 'build', 'electron-builder.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const fail = (message) => {
  process.stderr.write(`pack-check: ${message}\n`);
  process.exit(1);
};
if (!existsSync(join(root, 'out', 'main', 'electron.js'))) fail('out/main/electron.js is missing: run `npm run build` first.');
if (pkg.dependencies && 'electron' in pkg.dependencies)
  fail(
    'package.json lists "electron" under "dependencies"; electron-builder refuses to package it there ' +
      '(Package "electron" is only allowed in "devDependencies"). Move it to "devDependencies".',
  );

// A stand-in for the Electron executable: a shell script carrying the fuse wire as Electron 45
// ships it (sentinel, wire version 1, 8 fuses), so that electron-builder can flip the fuses in it.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const shippedFuses = '10110001'; // RunAsNode on, CookieEncryption off, NODE_OPTIONS on, --inspect on, asar integrity off, only-asar off, V8 snapshot off, file:// privileges on
const work = mkdtempSync(join(tmpdir(), 'okno-pack-'));
const stubDir = join(work, 'electron-stub');
mkdirSync(stubDir);
writeFileSync(
  join(stubDir, 'electron'),
  Buffer.concat([Buffer.from(`#!/bin/sh\n# ${SENTINEL}`), Buffer.from([1, shippedFuses.length]), Buffer.from(`${shippedFuses}\nexit 0\n`)]),
  { mode: 0o755 },
);
const output = join(work, 'release');

const results = [];
const check = (name, ok, detail = '') => {
  results.push({ name, ok });
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` — ${detail}` : ''}\n`);
};

const started = Date.now();
try {
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir'),
    publish: 'never',
    config: { ...config, electronDist: stubDir, directories: { ...config.directories, output } },
  });
} catch (error) {
  if (!keep) rmSync(work, { recursive: true, force: true });
  fail(`electron-builder failed: ${error instanceof Error ? error.message : String(error)}`);
}
process.stdout.write(`packed in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

const appOutDir = join(output, 'linux-unpacked');
const resources = join(appOutDir, 'resources');
const asarFile = join(resources, 'app.asar');
const unpackedDir = join(resources, 'app.asar.unpacked');
const inAsar = new Set(asar.listPackage(asarFile, { isPack: false }).map((p) => p.split(sep).join('/')));

for (const file of ['/package.json', '/out/main/electron.js', '/out/preload/index.cjs', '/out/renderer/index.html'])
  check(`app.asar contains ${file}`, inAsar.has(file));
check(
  'app.asar holds no source maps and no build stamp',
  ![...inAsar].some((p) => p.startsWith('/out/') && (p.endsWith('.map') || p === '/out/.stamp')),
);
check(
  'app.asar holds no sqlite3 build leftovers (objects, amalgamation, sources)',
  ![...inAsar].some((p) => /^\/node_modules\/sqlite3\/(deps|src|build\/Release\/obj(\.target)?)\//.test(p)),
);

// Every package the main bundle imports (esbuild leaves them external), and sqlite3 that knex loads,
// must be in the asar: electron-builder collects them from `npm ls`, which can miss some.
const mainBundle = readFileSync(join(root, 'out', 'main', 'electron.js'), 'utf8');
const imported = new Set(['sqlite3']);
const packageName = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w.-]+)*$/i;
for (const re of [
  /^import\s[^;]*?\bfrom\s*["']([^"']+)["'];?$/gm,
  /^import\s*["']([^"']+)["'];?$/gm,
  /\bimport\(\s*["']([^"']+)["']\s*\)/g,
])
  for (const m of mainBundle.matchAll(re)) {
    const spec = m[1];
    if (!packageName.test(spec) || spec.startsWith('node:') || spec === 'electron') continue;
    imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
  }
for (const name of [...imported].sort()) check(`app.asar contains the package ${name}`, inAsar.has(`/node_modules/${name}/package.json`));

const packagedPkg = JSON.parse(asar.extractFile(asarFile, 'package.json').toString('utf8'));
check('packaged package.json starts out/main/electron.js', packagedPkg.main === 'out/main/electron.js', packagedPkg.main);
check('packaged package.json has the version', packagedPkg.version === pkg.version, packagedPkg.version);
check('packaged package.json names the publisher (extraMetadata)', packagedPkg.author?.name === config.extraMetadata.author.name);

// Every native module file of sqlite3 and serialport that the app ships must sit outside the asar.
const filesOf = (dir) =>
  existsSync(join(root, dir))
    ? readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => `${dir}/${f.split(sep).join('/')}`)
    : [];
const native = [...filesOf('node_modules/sqlite3'), ...filesOf('node_modules/@serialport/bindings-cpp')].filter(
  (f) => f.endsWith('.node') && config.asarUnpack.some((p) => minimatch(f, p, { dot: true })),
);
check(
  'sqlite3 and serialport have native files to unpack',
  native.some((f) => f.includes('sqlite3/')) && native.some((f) => f.includes('bindings-cpp/')),
);
for (const file of native) {
  const unpacked = join(unpackedDir, file);
  const same = existsSync(unpacked) && statSync(unpacked).size === statSync(join(root, file)).size;
  check(`app.asar.unpacked contains ${file}`, same);
}

// The stand-in executable was renamed and its fuses flipped as configured.
const executable = join(appOutDir, config.executableName);
const wire = await getCurrentFuseWire(executable);
const fuseIndex = {
  runAsNode: FuseV1Options.RunAsNode,
  enableCookieEncryption: FuseV1Options.EnableCookieEncryption,
  enableNodeOptionsEnvironmentVariable: FuseV1Options.EnableNodeOptionsEnvironmentVariable,
  enableNodeCliInspectArguments: FuseV1Options.EnableNodeCliInspectArguments,
  enableEmbeddedAsarIntegrityValidation: FuseV1Options.EnableEmbeddedAsarIntegrityValidation,
  onlyLoadAppFromAsar: FuseV1Options.OnlyLoadAppFromAsar,
  grantFileProtocolExtraPrivileges: FuseV1Options.GrantFileProtocolExtraPrivileges,
};
for (const [fuse, wanted] of Object.entries(config.electronFuses)) {
  const actual = wire[fuseIndex[fuse]] === 49 ? true : wire[fuseIndex[fuse]] === 48 ? false : null;
  check(`fuse ${fuse} is ${wanted} in the packed executable`, actual === wanted, `found ${actual}`);
}

// electron-updater reads the feed from resources/app-update.yml; the app overrides the URL from its config.
const updateYml = join(resources, 'app-update.yml');
const yml = existsSync(updateYml) ? readFileSync(updateYml, 'utf8') : '';
check(
  'resources/app-update.yml names the generic provider',
  /^provider: generic$/m.test(yml) && yml.includes(config.publish[0].url),
  yml.trim().replace(/\n/g, '; '),
);

if (!keep) rmSync(work, { recursive: true, force: true });
else process.stdout.write(`kept ${relative(process.cwd(), work) || work}\n`);
const failed = results.filter((r) => !r.ok).length;
process.stdout.write(`pack-check: ${results.length - failed} ok, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
