/**
 * The benchmarks' shared way to report (issue 18): each figure printed with its target beside it
 * (and its ratio to a baseline measured in the same run, where there is one), then, as the LAST
 * line of stdout, `BENCH_JSON {...}` with the same rows, which `npm run bench:all` (all.ts) reads.
 */

export type BenchRow = {
  metric: string;
  value: number;
  unit: string;
  /** Human text, e.g. "≤ 3 ms", "≤ ×1.5 of the floor"; absent where none is set. */
  target?: string;
  /** What `value` is compared with in the same run (e.g. the floor): the ratio is value / baseline. */
  baseline?: number;
};

export type BenchReport = { name: string; rows: BenchRow[] };

export const BENCH_JSON_PREFIX = 'BENCH_JSON ';

const figure = (value: number, unit: string): string => {
  if (!Number.isFinite(value)) return `— ${unit}`;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
};

export const ratioText = (row: BenchRow): string =>
  row.baseline !== undefined && row.baseline > 0 && Number.isFinite(row.value) ? `×${ratio(row.value / row.baseline)}` : '';

/** Two decimals, or two significant digits below 0.01 (×0.0006 rather than ×0.00). */
const ratio = (x: number) => (x >= 0.01 || x === 0 ? x.toFixed(2) : x.toPrecision(2));

/** The rows as a table: metric, figure, ratio to the baseline, target. */
export function formatRows(rows: readonly BenchRow[]): string[] {
  const cells = rows.map((r) => [r.metric, figure(r.value, r.unit), ratioText(r), r.target ?? '—']);
  const header = ['metric', 'value', 'ratio', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]?.length ?? 0)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(widths[i] ?? 0) : x.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
}

/** Prints the table, then the BENCH_JSON line (call it last: nothing may be printed after it). */
export function reportBench(report: BenchReport, title?: string): void {
  console.log(`\n${title ?? report.name}\n`);
  for (const l of formatRows(report.rows)) console.log(l);
  console.log(`${BENCH_JSON_PREFIX}${JSON.stringify(report)}`);
}

const isRow = (v: unknown): v is BenchRow =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as BenchRow).metric === 'string' &&
  // NaN (a figure that could not be taken) is written as null by JSON.stringify.
  (typeof (v as BenchRow).value === 'number' || (v as { value: unknown }).value === null) &&
  typeof (v as BenchRow).unit === 'string';

/** The report on the last BENCH_JSON line of a benchmark's stdout; null when there is none (or it is malformed). */
export function parseBenchJson(stdout: string): BenchReport | null {
  const line = stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith(BENCH_JSON_PREFIX));
  if (line === undefined) return null;
  try {
    const v: unknown = JSON.parse(line.slice(BENCH_JSON_PREFIX.length));
    if (typeof v !== 'object' || v === null) return null;
    const { name, rows } = v as { name?: unknown; rows?: unknown };
    if (typeof name !== 'string' || !Array.isArray(rows) || !rows.every(isRow)) return null;
    return { name, rows: rows.map((r) => ({ ...r, value: r.value ?? NaN })) };
  } catch {
    return null;
  }
}
