import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readStatic } from '../../main/http/static';
import { createLogger, maskText } from '../../main/log';

describe('log masking', () => {
  it.each([
    ['номер 3270287A001PB5 в тексте', 'номер 3270287******* в тексте'],
    ['+375 29 123-45-67', '+375 29 ***-**-67'],
    ['+375291234567', '+375 29 ***-**-67'],
    ['ничего личного', 'ничего личного'],
  ])('%s → %s', (input, expected) => expect(maskText(input)).toBe(expected));

  it('drops sensitive fields and masks the rest', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'okno-log-')), 'x.log');
    const log = createLogger({ file });
    log.info('login', {
      password: 'secret-1',
      token: 't',
      surname: 'Иванов',
      note: 'id 3270287A001PB5',
      nested: { phone: '+375291234567' },
    });
    const text = readFileSync(file, 'utf8');
    for (const leaked of ['secret-1', 'Иванов', '3270287A001PB5', '1234567']) expect(text).not.toContain(leaked);
  });
});

describe('static files', () => {
  const root = mkdtempSync(join(tmpdir(), 'okno-static-'));
  writeFileSync(join(root, 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'app.js'), 'x');
  it.each(['/../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc/passwd'])(
    'never serves outside its folder: %s',
    async (path) => {
      const f = await readStatic(root, path);
      expect(f === null || f.body.toString() === '<!doctype html>').toBe(true);
    },
  );
  it('serves files with their type and falls back to index.html for routes', async () => {
    expect((await readStatic(root, '/app.js'))?.type).toMatch(/javascript/);
    expect((await readStatic(root, '/journal'))?.isHtml).toBe(true);
    expect(await readStatic(root, '/missing.js')).toBeNull();
  });
});
