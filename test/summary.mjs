// Counting the runners' JSON reports for the closing line of `npm test` (test/run.mjs).

/** Every test of a Playwright JSON report, with the project it belongs to. */
function* playwrightTests(suites = []) {
  for (const suite of suites) {
    for (const spec of suite.specs ?? []) yield* spec.tests;
    yield* playwrightTests(suite.suites);
  }
}

/** Vitest's JSON report: a file that failed to load counts as a failure even with no test in it. */
export function countVitest(report) {
  const failedFiles = report.numFailedTestSuites > 0 && report.numFailedTests === 0 ? report.numFailedTestSuites : 0;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + failedFiles,
    skipped: report.numPendingTests + (report.numTodoTests ?? 0),
    notRun: new Map(),
  };
}

/**
 * Playwright's JSON report. Its stats count a test that never started (its project depends on one
 * that failed) as skipped; only test.skip() is a skip, so those are returned apart, per project.
 */
export function countPlaywright(report) {
  const notRun = new Map();
  for (const test of playwrightTests(report.suites)) {
    if (test.results.length === 0) notRun.set(test.projectName, (notRun.get(test.projectName) ?? 0) + 1);
  }
  const s = report.stats;
  const never = [...notRun.values()].reduce((a, b) => a + b, 0);
  return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped - never, notRun };
}

/** The lines that close the run: «did not run» (when any), then `N passed, N failed, N skipped`. */
export function closingLines({ passed, failed, skipped, notRun }) {
  const lines = [];
  if (notRun.size > 0) {
    const parts = [...notRun].map(([project, n]) => `${n} in Playwright project «${project}» (a project it depends on failed)`);
    lines.push(`did not run: ${parts.join('; ')}`);
  }
  lines.push(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return lines;
}
