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
const notOnFirstScreen: Array<[RegExp, string]> = [
  [/[\\/]node_modules[\\/]chart\.js[\\/]/, 'chart.js (the reports)'],
  [/[\\/]node_modules[\\/]libphonenumber-js[\\/]/, 'libphonenumber-js (the procedure forms)'],
];

function firstScreenGuard(): Plugin {
  return {
    name: 'okno:first-screen-guard',
    generateBundle(_options, bundle) {
      const entry = Object.values(bundle).find((file) => file.type === 'chunk' && file.isEntry);
      const seen = new Set<string>();
      const queue = entry ? [entry.fileName] : [];
      for (let name = queue.pop(); name !== undefined; name = queue.pop()) {
        const chunk = bundle[name];
        if (seen.has(name) || chunk?.type !== 'chunk') continue;
        seen.add(name);
        queue.push(...chunk.imports);
        for (const id of chunk.moduleIds) {
          const rule = notOnFirstScreen.find(([pattern]) => pattern.test(id));
          if (!rule) continue;
          // Name our own module that brought it in, not the library's internals.
          let importer = id;
          for (const visited = new Set<string>(); /[\\/]node_modules[\\/]/.test(importer) && !visited.has(importer);) {
            visited.add(importer);
            importer = this.getModuleInfo(importer)?.importers[0] ?? importer;
          }
          this.error(
            `${rule[1]} is in the first screen's JavaScript (${name}, imported by ${importer}): import it from a screen loaded on demand`,
          );
        }
      }
    },
  };
}

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
  },
});
