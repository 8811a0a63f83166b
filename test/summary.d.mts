// Types of test/summary.mjs for the TypeScript tests that use it.
export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  notRun: Map<string, number>;
}
export interface PlaywrightReport {
  suites?: unknown[];
  stats: { expected: number; flaky: number; unexpected: number; skipped: number };
}
export interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests?: number;
  numFailedTestSuites: number;
}
export function countVitest(report: VitestReport): Counts;
export function countPlaywright(report: PlaywrightReport): Counts;
export function closingLines(counts: Counts): string[];
