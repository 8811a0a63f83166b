/**
 * Where the start-up time goes (issue 18): with OKNO_TRACE_START=1 the process notes named marks
 * — wall time since the process started and CPU time used so far — and prints them on stderr as
 * one `OKNO_TRACE_START {…}` line once it listens, for `npm run bench`. Off, it costs a comparison.
 */
const enabled = process.env.OKNO_TRACE_START === '1';
const marks: Array<{ mark: string; ms: number; cpuMs: number }> = [];

/** performance.now() counts from the process's time origin (its start), so the first mark includes Node's own start-up. */
export function startMark(mark: string): void {
  if (!enabled) return;
  const cpu = process.cpuUsage();
  marks.push({ mark, ms: Math.round(performance.now()), cpuMs: Math.round((cpu.user + cpu.system) / 1000) });
}

export function printStartMarks(): void {
  if (enabled) process.stderr.write(`OKNO_TRACE_START ${JSON.stringify(marks)}\n`);
}
