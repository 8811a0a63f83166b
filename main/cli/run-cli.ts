/**
 * How the backup and restore commands end: their exit code, a `CannotRun` as its message, anything
 * else as an unexpected error with its stack; both exit 2 (cannot run). exitCode, not exit(): what
 * was printed must reach a pipe before the process ends.
 */
export class CannotRun extends Error {}

export function runCli(name: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof CannotRun) process.stderr.write(`${name}: ${error.message}\n`);
      else
        process.stderr.write(
          `${name}: непредвиденная ошибка: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
      process.exitCode = 2;
    },
  );
}
