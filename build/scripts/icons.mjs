// Renders the application icons in build/icons/ from renderer/public/favicon.svg with headless
// Chromium, so they can be made again after the SVG changes: `node build/scripts/icons.mjs`.
// electron-builder makes the Windows .ico from 256x256.png and the Linux icon set from the folder.
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const svg = readFileSync(join(root, 'renderer/public/favicon.svg'), 'utf8');
const outDir = join(root, 'build/icons');
const sizes = [512, 256];

const executablePath = process.env.CHROMIUM_PATH || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!executablePath) {
  process.stderr.write('No Chromium found (set CHROMIUM_PATH or install chromium): the icons cannot be rendered.\n');
  process.exit(1);
}

mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const size of sizes) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`);
    const png = await page.screenshot({ clip: { x: 0, y: 0, width: size, height: size }, omitBackground: true });
    const file = join(outDir, `${size}x${size}.png`);
    writeFileSync(file, png);
    process.stdout.write(`wrote ${file} (${png.length} bytes)\n`);
    await page.close();
  }
} finally {
  await browser.close();
}
