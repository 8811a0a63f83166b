// Builds the three parts: renderer (Vite), main and preload (esbuild). `--if-stale` skips the
// build when out/ is newer than every source file, so `npm run web` starts fast.
import { build as esbuild } from 'esbuild';
import { existsSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/** Loaded at run time from node_modules: native code (and Electron's own modules). */
const harnessExternal = ['sqlite3', 'serialport', '@serialport/*', 'electron', 'electron-updater'];

/**
 * What the harness bundle leaves out of its packages, so Node has less to compile at each start:
 * knex's dialects other than sqlite3 (each loaded by knex only for its client name; they and the
 * drivers they require become a module that throws) and zod's locales other than Russian (the
 * contract's zod-locale.ts takes `z.locales.ru` only).
 */
const onlyWhatOknoUses = {
  name: 'okno:only-what-okno-uses',
  setup(build) {
    build.onResolve(
      { filter: /^\.\/(better-sqlite3|cockroachdb|mssql|mysql|mysql2|mariadb|oracle|oracledb|pgnative|postgres|redshift)$/ },
      (args) =>
        /[\\/]knex[\\/]lib[\\/]dialects[\\/]index\.js$/.test(args.importer)
          ? { path: args.path, namespace: 'okno-unused-dialect' }
          : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'okno-unused-dialect' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`Okno bundles only knex's sqlite3 dialect, not ${args.path}`)});`,
      loader: 'js',
    }));
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), '..', 'locales', 'ru.js'), namespace: 'okno-zod-ru' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'okno-zod-ru' }, (args) => ({
      contents: `export { default as ru } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', absWorkingDir: root };
await Promise.all([
  // The harness starts from one file (issue 18): knex, zod, libphonenumber-js and the rest of the
  // plain-JavaScript packages bundled in, which spares Node resolving and compiling some hundred
  // files of node_modules at every start. Native packages stay outside; bundled CommonJS gets a
  // real `require` for them.
  esbuild({
    ...common,
    entryPoints: { web: 'main/web.ts' },
    outdir: 'out/main',
    format: 'esm',
    external: harnessExternal,
    plugins: [onlyWhatOknoUses],
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
