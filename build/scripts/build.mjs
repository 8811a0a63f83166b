// Builds the three parts: renderer (Vite), main and preload (esbuild). `--if-stale` skips the
// build when out/ is newer than every source file, so `npm run web` starts fast.
import { build as esbuild } from 'esbuild';
import { existsSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = join(root, 'out');
const stamp = join(out, '.stamp');
const sources = ['main', 'preload', 'renderer', 'db', 'package.json', 'build/vite.renderer.config.ts', 'build/scripts/build.mjs'];

function newest(path) {
  const full = join(root, path);
  if (!existsSync(full)) return 0;
  const info = statSync(full);
  if (!info.isDirectory()) return info.mtimeMs;
  return readdirSync(full).reduce((m, name) => Math.max(m, newest(join(path, name))), info.mtimeMs);
}

if (process.argv.includes('--if-stale') && existsSync(stamp)) {
  const built = statSync(stamp).mtimeMs;
  if (sources.every((s) => newest(s) <= built)) process.exit(0);
}

const started = Date.now();
const { build: viteBuild } = await import('vite');
await viteBuild({ configFile: join(root, 'build/vite.renderer.config.ts'), logLevel: 'warn' });

/** Loaded at run time from node_modules: native code, and drivers of databases we do not use (knex's dialects). */
const harnessExternal = [
  'sqlite3',
  'serialport',
  '@serialport/*',
  'electron',
  'electron-updater',
  ...[
    'pg',
    'pg-native',
    'pg-query-stream',
    'pg-cursor',
    'mysql',
    'mysql2',
    'mariadb',
    'mariadb/*',
    'oracledb',
    'tedious',
    'better-sqlite3',
  ],
];
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', absWorkingDir: root };
await Promise.all([
  // The harness starts from one file (issue 18): knex, zod, libphonenumber-js and the rest of the
  // plain-JavaScript packages bundled in, which spares Node resolving and compiling some hundred
  // files of node_modules at every start. Native packages (and the database drivers knex would load
  // only for other databases) stay outside; bundled CommonJS gets a real `require` for them.
  esbuild({
    ...common,
    entryPoints: { web: 'main/web.ts' },
    outdir: 'out/main',
    format: 'esm',
    external: harnessExternal,
    banner: {
      js: "import { createRequire as __oknoCreateRequire } from 'node:module'; const require = __oknoCreateRequire(import.meta.url);",
    },
  }),
  esbuild({
    ...common,
    entryPoints: {
      'audit-verify': 'main/cli/audit-verify.ts',
      backup: 'main/cli/backup.ts',
      restore: 'main/cli/restore.ts',
      selftest: 'main/cli/selftest.ts',
    },
    outdir: 'out/main',
    format: 'esm',
    packages: 'external',
  }),
  esbuild({ ...common, entryPoints: { electron: 'main/electron/main.ts' }, outdir: 'out/main', format: 'esm', packages: 'external' }),
  // Sandboxed preloads cannot load ES modules or other files: one CommonJS bundle.
  esbuild({ ...common, entryPoints: ['preload/index.ts'], outfile: 'out/preload/index.cjs', format: 'cjs', external: ['electron'] }),
]);
mkdirSync(out, { recursive: true });
writeFileSync(stamp, new Date().toISOString() + '\n');
process.stdout.write(`built out/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
