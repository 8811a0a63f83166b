/**
 * After the whole end-to-end suite (its own Playwright project, depending on the e2e one): no
 * harness log the suite left may hold personal data or a secret the tests typed in. The fixture
 * keeps each harness's log file and stdout/stderr in `e2eLogDir`; this reads every line of them.
 *
 * What the tests typed is read from the spec files themselves (their constants are not exported,
 * and a spec must not import another), plus the demo registry's people: nothing is copied here.
 */
import { expect, test } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { loadDemoPeople } from '../central/demo-people';
import { projectRoot } from '../harness';
import { e2eLogDir } from './fixtures';

/** The full suite leaves one log and one stdio file per test with a harness; fewer means it did not run. */
const MIN_FILES = 10;
const MIN_LINES = 40;

const specDir = join(projectRoot, 'test', 'e2e');
const specSources = readdirSync(specDir)
  .filter((f) => f.endsWith('.spec.ts') && f !== basename(import.meta.filename))
  .map((f) => readFileSync(join(specDir, f), 'utf8'));

const all = (pattern: RegExp) => specSources.flatMap((source) => [...source.matchAll(pattern)].map((m) => m[1] ?? ''));
const words = (values: string[]) => values.flatMap((v) => v.split(/[\s-]+/)).filter((w) => w.length >= 2);

/** Passwords: `password: '…'` values and every literal of the `…-password-…` kind (prefix of a template). */
const passwords = new Set([...all(/\bpassword\s*:\s*'([^'\n]+)'/g), ...all(/['`]([\w-]*-password-[\w-]*)(?:['`]|\$\{)/g)]);
/** The registry token the tests enter (the «Токен» field), or pass as a key. */
const tokens = new Set([...all(/getByLabel\('[^']*[Тт]окен[^']*'[^)]*\)\.fill\('([^']+)'\)/g), ...all(/[tT]oken\s*:\s*'([^'\n]+)'/g)]);
/** Names of the people (applicants and clerks) in the specs and in the demo registry. */
const names = new Set([
  ...words(all(/(?:surname|givenNames?|patronymic|fullName)\s*:\s*'([^'\n]+)'/g)),
  ...words(all(/getByLabel\('(?:Фамилия|Имя|Отчество|ФИО)'[^)]*\)\.fill\('([^']+)'\)/g)),
  // MRZ lines: P<BLRSURNAME<<GIVEN
  ...specSources.flatMap((s) => [...s.matchAll(/P[A-Z<]BLR([A-Z]+)<<([A-Z]+)/g)].flatMap((m) => [m[1] ?? '', m[2] ?? ''])),
  ...loadDemoPeople().flatMap((p) => words([p.surname, p.givenNames, p.patronymic ?? ''])),
]);

/** The harness's one line on stdout with its per-launch key (test/harness.ts reads the same line). */
const LISTENING_LINE = /^Okno is listening on http:\/\/127\.0\.0\.1:\d+\/\?key=([\w-]{43})$/;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wordPattern = (w: string) => new RegExp(`(?<!\\p{L})${escape(w)}(?!\\p{L})`, 'iu');

interface Rule {
  what: string;
  test: (line: string) => boolean;
}

const rules: Rule[] = [
  { what: 'an unmasked identification number', test: (l) => /\d{7}[A-Z]\d{3}[A-Z]{2}\d/.test(l) },
  {
    what: 'an unmasked phone number',
    // +375 29 123-45-67, +375 (29) 1234567, 375291234567, 8 029 123 45 67, 80291234567
    test: (l) => /(?<!\d)(?:(?:\+\s*)?375[\s-]*\(?\s*0?\d{2}\s*\)?|8[\s-]*\(?\s*0[\s-]*\d{2}\s*\)?)[\s-]*(?:\d[\s-]*){6}\d(?!\d)/.test(l),
  },
  {
    what: 'a transport session cookie',
    test: (l) => /okno_client(?:_\d+)?=|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\.[\w-]{43}/.test(l),
  },
  // The printed line is the one place allowed (checked separately, in stdout only).
  { what: 'a harness address key', test: (l) => !LISTENING_LINE.test(l) && /[?&]key=[\w-]{16,}/.test(l) },
  // A transport client's token: in the redirect's fragment, the event stream's query, or a header.
  { what: 'a transport client token', test: (l) => /[?&#]t=[\w-]{43}|x-okno-token["']?\s*[:=]\s*["']?[\w-]{16,}/i.test(l) },
  { what: 'a password hash', test: (l) => /scrypt\$\d+\$/.test(l) },
  ...[...passwords].map((p) => ({ what: `a test password (${p})`, test: (l: string) => l.includes(p) })),
  ...[...tokens].map((t) => ({ what: `the registry token (${t})`, test: (l: string) => l.includes(t) })),
  ...[...names].map((n) => {
    const pattern = wordPattern(n);
    return { what: `a person's name (${n})`, test: (l: string) => pattern.test(l) };
  }),
];

test('no harness log of the end-to-end suite holds personal data or a secret', () => {
  // The rules must have found what to look for, or the scan would pass by looking for nothing.
  expect(passwords.size, 'passwords found in the specs').toBeGreaterThanOrEqual(2);
  expect(tokens.size, 'registry tokens found in the specs').toBeGreaterThanOrEqual(1);
  expect(names.size, 'names found in the specs and the demo registry').toBeGreaterThanOrEqual(10);

  expect(existsSync(e2eLogDir), `${relative(projectRoot, e2eLogDir)} exists`).toBe(true);
  const files = readdirSync(e2eLogDir).filter((f) => f.endsWith('.log'));
  const found: string[] = [];
  const texts = new Map(files.map((f) => [f, readFileSync(join(e2eLogDir, f), 'utf8')]));
  // Each harness's key, from its printed line: it may appear there, once, and in no other line of any file.
  const keys = new Set<string>();
  for (const [file, text] of texts) {
    if (!file.endsWith('.stdio.log')) continue;
    const printed = text.split('\n').flatMap((line) => LISTENING_LINE.exec(line)?.[1] ?? []);
    if (printed.length !== 1) found.push(`${file}: the listening line with a key ${printed.length} times, expected once`);
    for (const k of printed) keys.add(k);
  }
  let lines = 0;
  for (const [file, text] of texts) {
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      lines++;
      const where = `${relative(projectRoot, join(e2eLogDir, file))}:${i + 1}`;
      for (const rule of rules) if (rule.test(line)) found.push(`${where}: ${rule.what}`);
      const printedHere = file.endsWith('.stdio.log') && LISTENING_LINE.test(line);
      for (const k of keys) if (line.includes(k) && !printedHere) found.push(`${where}: a harness address key outside its printed line`);
    });
  }
  test.info().annotations.push({ type: 'scanned', description: `${files.length} files, ${lines} lines, ${rules.length} rules` });
  expect(found, found.join('\n')).toEqual([]);
  expect(files.length, 'log files scanned').toBeGreaterThanOrEqual(MIN_FILES);
  expect(lines, 'log lines scanned').toBeGreaterThanOrEqual(MIN_LINES);
  expect(keys.size, 'harness keys found in the printed lines').toBeGreaterThanOrEqual(MIN_FILES / 2);
});
