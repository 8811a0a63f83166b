// Security gate: Doyensec's electronegativity over the code that ships (main/, preload/, renderer/).
// It fails when a finding above INFORMATIONAL is not in the allowlist below, when an allowlist entry
// no longer matches a finding, or when a source file could not be parsed (a file it skipped is a file
// nobody checked). Offline and a few seconds. The report goes to test-results/electronegativity/.
//
// The tool's own CLI cannot be used here: it reads its options the commander 5 way, but it does not
// declare commander, so it gets the hoisted commander 10 (from knex) and never sees `-i`. Its runner
// (the package's main export) takes the same options and returns the findings instead of a table.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const require = createRequire(import.meta.url);
const SOURCES = ['main', 'preload', 'renderer'];
const reportDir = join(root, 'test-results', 'electronegativity');

/**
 * Findings that are not problems, each with why. Matched on check id + file (+ the flagged source
 * text when given), not on the line, so unrelated edits do not break the gate. Each one is also
 * explained in a comment at the finding site.
 */
const ALLOWLIST = [
  {
    id: 'PRELOAD_JS_CHECK',
    file: 'main/electron/main.ts',
    sample: /^preload:/,
    why: "review item, reviewed: the preload exposes only window.okno built from the contract's channel table (contextBridge); no ipcRenderer, no Node, and main checks each caller's frame and origin",
  },
  {
    id: 'CSP_GLOBAL_CHECK',
    file: 'renderer/index.html',
    sample: /script-src 'self'(;|$)/,
    why: "its only doubt is script-src 'self' (JSONP or uploads on the origin): our origin serves only the built renderer files; the API answers JSON and an event stream, all nosniff, so nothing else runs as script",
  },
];

// Needs the network (it downloads Electron's release list); the Electron version is pinned in package.json.
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const electronVersion = String(pkg.dependencies?.electron ?? pkg.devDependencies?.electron ?? '').replace(/^[^\d]*/, '');

// The tool walks a whole folder (skipping only node_modules); a copy of just the shipped sources keeps
// tests, build scripts and out/ out of it, and makes its relative paths the repository's.
const stage = mkdtempSync(join(tmpdir(), 'okno-electronegativity-'));
let result;
const noise = [];
try {
  for (const dir of SOURCES)
    cpSync(join(root, dir), join(stage, dir), { recursive: true, filter: (src) => !/[\\/]node_modules([\\/]|$)/.test(src) });
  cpSync(join(root, 'package.json'), join(stage, 'package.json'));

  const run = require('@doyensec/electronegativity');
  // The runner prints its offline complaints (translations, release list) with console.log.
  const log = console.log;
  console.log = (...args) => noise.push(args.join(' '));
  try {
    result = await run({
      input: stage,
      output: undefined,
      isSarif: false,
      customScan: [],
      excludeFromScan: EXCLUDED_CHECKS.map((c) => c.toLowerCase()),
      severitySet: undefined,
      confidenceSet: undefined,
      isRelative: true,
      isVerbose: true,
      electronUpgrade: undefined,
      electronVersionOverride: electronVersion || undefined,
      parserPlugins: [],
    });
  } finally {
    console.log = log;
  }
} finally {
  rmSync(stage, { recursive: true, force: true });
}

const SEVERITIES = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];
const findings = result.issues.map((issue) => ({
  id: issue.id,
  severity: issue.severity.name,
  confidence: issue.confidence.name,
  file: issue.file === 'N/A' ? 'N/A' : relative(root, join(root, issue.file)).split('\\').join('/'),
  line: issue.location?.line ?? 0,
  column: issue.location?.column ?? 0,
  sample: String(issue.sample ?? '').trim(),
  description: issue.description,
  manualReview: Boolean(issue.manualReview),
}));

const used = new Set();
for (const f of findings) {
  if (f.severity === 'INFORMATIONAL') continue;
  const entry = ALLOWLIST.find((a) => a.id === f.id && a.file === f.file && (!a.sample || a.sample.test(f.sample)));
  if (entry) {
    f.explained = entry.why;
    used.add(entry);
  }
}
const unexplained = findings.filter((f) => f.severity !== 'INFORMATIONAL' && !f.explained);
const explained = findings.filter((f) => f.explained);
const stale = ALLOWLIST.filter((a) => !used.has(a));
const parseErrors = result.errors.filter((e) => !e.tolerable);

mkdirSync(reportDir, { recursive: true });
const reportFile = join(reportDir, 'report.json');
writeFileSync(
  reportFile,
  JSON.stringify(
    {
      electronVersion,
      excludedChecks: EXCLUDED_CHECKS,
      checks: { global: result.globalChecks, atomic: result.atomicChecks },
      findings,
      errors: result.errors,
    },
    null,
    2,
  ) + '\n',
);

const counts = SEVERITIES.map((s) => `${s} ${findings.filter((f) => f.severity === s).length}`).join(', ');
const lines = [
  `electronegativity ${require('@doyensec/electronegativity/package.json').version}: ${result.globalChecks + result.atomicChecks} checks (${EXCLUDED_CHECKS.join(', ')} excluded: needs the network), Electron ${electronVersion}`,
  `by severity: ${counts}`,
];
const order = (f) => SEVERITIES.indexOf(f.severity);
for (const f of [...findings].sort((a, b) => order(a) - order(b))) {
  const status = f.severity === 'INFORMATIONAL' ? 'info' : f.explained ? 'explained' : 'FAIL';
  lines.push(`  ${status.padEnd(9)} ${f.severity.padEnd(13)} ${f.id.padEnd(34)} ${f.file}:${f.line}:${f.column}`);
  lines.push(`            ${f.explained ?? f.description}`);
}
for (const a of stale) lines.push(`  FAIL      allowlist entry ${a.id} ${a.file} no longer matches a finding: remove it`);
for (const e of parseErrors) lines.push(`  FAIL      could not parse ${relative(stage, e.file)}: ${e.message}`);
for (const n of noise.filter((n) => !/translations|releases/i.test(n))) lines.push(`  note: ${n}`);
lines.push(`report: ${relative(root, reportFile)}`);
const problems = [
  parseErrors.length ? `${parseErrors.length} files not parsed` : '',
  stale.length ? `${stale.length} stale allowlist entries` : '',
].filter(Boolean);
lines.push(
  `electronegativity: ${findings.length} findings, ${unexplained.length} above informational (${explained.length} explained)` +
    (problems.length ? `; ${problems.join(', ')}` : ''),
);
process.stdout.write(lines.join('\n') + '\n');
process.exit(unexplained.length === 0 && stale.length === 0 && parseErrors.length === 0 ? 0 : 1);
