/** Serves the built renderer from one folder; nothing outside it is reachable. */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export interface StaticFile {
  body: Buffer;
  type: string;
  isHtml: boolean;
}

/** Unknown paths without an extension get index.html (client-side routes); others 404. */
export async function readStatic(root: string, urlPath: string): Promise<StaticFile | null> {
  const base = resolve(root);
  let rel: string;
  try {
    rel = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  } catch {
    return null;
  }
  let file = resolve(base, rel || 'index.html');
  if (file !== base && !file.startsWith(base + sep)) return null;
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    file = join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info && extname(file) === '') {
    file = join(base, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) return null;
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  return { body: await readFile(file), type, isHtml: type.startsWith('text/html') };
}
