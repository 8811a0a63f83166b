/**
 * Vite config of the renderer: root renderer/, relative base (Electron loads it from a custom
 * protocol), output in out/renderer, nothing inlined (the CSP allows only 'self').
 *
 * The first screen (login, first run, the shell) is the entry chunk and what it imports; every
 * other screen is a chunk loaded on demand (features/shell/MainLayout.tsx). Two plugins keep it so:
 * the contract's phone check gets the library loaded with the procedure forms (renderer/src/phone-numbers.ts),
 * and the build fails if a module that belongs to a later screen is pulled into the first one.
 */
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig, normalizePath, type Plugin } from 'vite';

const root = fileURLToPath(new URL('../renderer', import.meta.url));
const outDir = fileURLToPath(new URL('../out/renderer', import.meta.url));
const contractPhone = normalizePath(fileURLToPath(new URL('../preload/contract/phone.ts', import.meta.url)));
const phoneNumbers = normalizePath(fileURLToPath(new URL('../renderer/src/phone-numbers.ts', import.meta.url)));

/** preload/contract/phone.ts imports libphonenumber-js; in the renderer it gets phone-numbers.ts, which loads the library on demand. */
function phoneNumbersOnDemand(): Plugin {
  return {
    name: 'okno:phone-numbers-on-demand',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'libphonenumber-js/max' && importer && normalizePath(importer.split('?')[0] ?? '') === contractPhone)
        return phoneNumbers;
      return null;
    },
  };
}

/** Modules only later screens need; the build stops if the entry chunk or one it imports statically holds one. */
const notOnFirstScreen: Array<{ pattern: RegExp; what: string; instead: string }> = [
  { pattern: /[\\/]node_modules[\\/]chart\.js[\\/]/, what: 'chart.js', instead: 'import it only from the reports (loaded when opened)' },
  {
    pattern: /[\\/]node_modules[\\/]libphonenumber-js[\\/]/,
    what: 'libphonenumber-js',
    instead: 'check phone numbers only in the procedure forms (loaded with renderer/src/phone-numbers.ts)',
  },
  {
    pattern: /[\\/]renderer[\\/]src[\\/]i18n[\\/]be\.ts$/,
    what: 'The Belarusian texts',
    instead: 'take them from renderer/src/i18n/index.ts (loaded when chosen)',
  },
];

function firstScreenGuard(): Plugin {
  return {
    name: 'okno:first-screen-guard',
    generateBundle(_options, bundle) {
      // The entry chunk and every chunk it imports statically: what index.html loads.
      const entry = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry);
      const chunks = new Set<string>();
      const queue = entry ? [entry.fileName] : [];
      for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
        const chunk = bundle[name];
        if (chunks.has(name) || chunk?.type !== 'chunk') continue;
        chunks.add(name);
        queue.push(...chunk.imports);
      }
      const modules = new Map<string, string>();
      for (const name of chunks) {
        const chunk = bundle[name];
        if (chunk?.type === 'chunk') for (const id of chunk.moduleIds) modules.set(id, name);
      }
      for (const [id, chunk] of modules) {
        const rule = notOnFirstScreen.find(({ pattern }) => pattern.test(id));
        if (!rule) continue;
        // Name the first-screen module of ours that brought it in, not the library's internals.
        const importerOf = (module: string) => this.getModuleInfo(module)?.importers.find((i) => modules.has(i));
        let importer = importerOf(id) ?? id;
        for (const visited = new Set<string>(); /[\\/]node_modules[\\/]/.test(importer) && !visited.has(importer);) {
          visited.add(importer);
          importer = importerOf(importer) ?? importer;
        }
        this.error(`${rule.what} must not be in the first screen's JavaScript (${chunk}, imported by ${importer}): ${rule.instead}`);
      }
    },
  };
}

/**
 * The contract's modules only declare (schemas, tables, texts); zod-locale.ts alone does something on
 * import (it sets zod's messages). Saying so lets the build drop the modules the first screen does
 * not use although the contract's index re-exports them (e.g. the channel table with every screen's
 * schemas: the renderer's API is built from contract/channel-names.ts).
 */
const contractModule = /[\\/]preload[\\/]contract[\\/](?!zod-locale\.ts$)[^\\/]+\.ts$/;

export default defineConfig({
  root,
  base: './',
  plugins: [react(), phoneNumbersOnDemand(), firstScreenGuard()],
  build: {
    outDir,
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'chrome130',
    modulePreload: { polyfill: false },
    rolldownOptions: { treeshake: { moduleSideEffects: (id: string) => !contractModule.test(id) } },
  },
});
