import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStatic } from '../../main/http/static';
import { createLogger, maskText } from '../../main/log';

describe('log masking', () => {
  it.each([
    // identification numbers, wherever they sit
    ['номер 3270287A001PB5 в тексте', 'номер 3**********PB5 в тексте'],
    ['3270287A001PB5', '3**********PB5'],
    ['id=3270287A001PB5;', 'id=3**********PB5;'],
    ['applicant_3270287A001PB5_photo.jpg', 'applicant_3**********PB5_photo.jpg'],
    ['"idNumber":"3270287A001PB5"', '"idNumber":"3**********PB5"'],
    ['строчными 3270287a001pb5', 'строчными 3**********pb5'],
    ['MRZ 30011563270287A012PB284', 'MRZ 30011563**********PB284'],
    ['два: 3270287A001PB5, 4150285H123PB2', 'два: 3**********PB5, 4**********PB2'],
    // phones in the forms people write them
    ['+375 29 123-45-67', '+375 29 ***-**-67'],
    ['+375291234567', '+375 29 ***-**-67'],
    ['375291234567', '+375 29 ***-**-67'],
    ['+375 (29) 123-45-67', '+375 29 ***-**-67'],
    ['+375-44-765-43-21', '+375 44 ***-**-21'],
    ['+375 33 1234567', '+375 33 ***-**-67'],
    ['+375 25 12 34 567', '+375 25 ***-**-67'],
    ['8029 123-45-67', '+375 29 ***-**-67'],
    ['80291234567', '+375 29 ***-**-67'],
    ['8 029 123 45 67', '+375 29 ***-**-67'],
    ['8 (029) 123-45-67', '+375 29 ***-**-67'],
    ['тел.:+375291234567.', 'тел.:+375 29 ***-**-67.'],
    // what must stay as it is
    ['ничего личного', 'ничего личного'],
    ['заявление № 2026-000123', 'заявление № 2026-000123'],
    ['порт 8080, 12 записей', 'порт 8080, 12 записей'],
    ['ключ 550e8400-e29b-41d4-a716-446655440000', 'ключ 550e8400-e29b-41d4-a716-446655440000'],
    ['3**********PB5 уже скрыт', '3**********PB5 уже скрыт'],
    // a mask made before issue 15 kept the birth date: it loses it too
    ['3270287******* скрыт по-старому', '3************* скрыт по-старому'],
  ])('%s → %s', (input, expected) => expect(maskText(input)).toBe(expected));

  const logged = (fields: Record<string, unknown>, message = 'event') => {
    const dir = mkdtempSync(join(tmpdir(), 'okno-log-'));
    try {
      const file = join(dir, 'x.log');
      createLogger({ file }).error(message, fields);
      return readFileSync(file, 'utf8');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('drops sensitive fields and masks the rest', () => {
    const text = logged({
      password: 'secret-1',
      token: 't',
      surname: 'Иванов',
      note: 'id 3270287A001PB5',
      nested: { phone: '+375291234567' },
    });
    for (const leaked of ['secret-1', 'Иванов', '3270287A001PB5', '1234567']) expect(text).not.toContain(leaked);
  });

  it.each([
    ['surname', { surname: 'Иванов' }, 'Иванов'],
    ['givenNames', { givenNames: 'Иван' }, 'Иван'],
    ['patronymic', { patronymic: 'Иванович' }, 'Иванович'],
    ['fullName', { fullName: 'Петрова Анна Сергеевна' }, 'Петрова'],
    ['firstName / lastName', { firstName: 'Анна', lastName: 'Петрова' }, 'Петрова'],
    ['fio', { fio: 'Петрова А. С.' }, 'Петрова'],
    ['nested person', { applicant: { person: { surname: 'Коваль', birthDate: '1985-02-28' } } }, 'Коваль'],
    ['array of people', { people: [{ surname: 'Жук' }, { surname: 'Ким' }] }, 'Жук'],
    ['registryToken', { registryToken: 'dev-token' }, 'dev-token'],
    ['cookie', { cookie: 'okno_client=abc.def' }, 'okno_client'],
    ['a transport token header', { headers: { 'x-okno-token': 'q7Yz0rPn-3kLm_2vXc8bWd4eFg6hJ1iK9oTuS5aRyQw' } }, 'q7Yz0rPn'],
    ['phone key', { newPhone: '+375 44 765-43-21' }, '765'],
    ['idNumber key', { idNumber: '3270287A001PB5' }, '3270287'],
    ['a key that is an ID number', { byId: { '3270287A001PB5': 1 } }, '3270287A001PB5'],
    ['deeper than the scrubber looks', { a: { b: { c: { d: { e: { f: { surname: 'Иванов' } } } } } } }, 'Иванов'],
    ['the message itself', { in: 'message' }, '765-43-21'],
  ])('hides %s', (_name, fields, secret) => {
    const text = logged(fields, 'звонок на +375 44 765-43-21');
    expect(text).not.toContain(secret);
    expect(() => JSON.parse(text) as unknown).not.toThrow();
  });

  it('keeps an error’s stack, masked', () => {
    const error = new Error('duplicate person 3270287A001PB5, phone +375291234567');
    const text = logged({ error });
    const line = JSON.parse(text) as { error: { name: string; message: string; stack: string } };
    expect(line.error.name).toBe('Error');
    expect(line.error.message).toBe('duplicate person 3**********PB5, phone +375 29 ***-**-67');
    expect(text).not.toContain('270287');
    expect(line.error.stack).toContain('log-and-static.test.ts');
    expect(text).not.toContain('3270287A001PB5');
    expect(text).not.toContain('1234567');
  });

  it('masks an error nested deep inside other fields', () => {
    const text = logged({ a: { b: { c: { d: { e: { f: new Error('80291234567') } } } } } });
    expect(text).not.toContain('1234567');
  });
});

describe('static files', () => {
  const root = mkdtempSync(join(tmpdir(), 'okno-static-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
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
