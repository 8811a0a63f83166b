/**
 * A small JSON-lines logger. Personal data and secrets never belong in a log line: fields
 * whose names look sensitive are dropped, and 14-character identification numbers and phone
 * numbers inside strings are masked as a last line of defence.
 */
import { appendFileSync } from 'node:fs';
import { dirname } from 'node:path';
// Not '../db': the logger must not pull the database driver in.
import { ensurePrivateDir, tighten } from '../db/private-files';
import { maskText } from '../preload/contract/mask-text';

export { maskText };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const SENSITIVE_KEY =
  /pass|secret|token|key|cookie|authorization|surname|given|patronymic|fullname|firstname|lastname|middlename|^fio$|birth|phone|idnumber|document/i;

function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskText(value);
  if (value instanceof Error)
    return { name: value.name, message: maskText(value.message), stack: value.stack ? maskText(value.stack) : undefined };
  if (value === null || typeof value !== 'object') return value;
  // Deeper than this is not worth logging, and must not be written unscrubbed either.
  if (depth > 4) return '[…]';
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  // Keys are masked too: a map keyed by identification number would otherwise print it.
  for (const [k, v] of Object.entries(value)) out[maskText(k)] = SENSITIVE_KEY.test(k) ? '[скрыто]' : scrub(v, depth + 1);
  return out;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  file?: string;
  level?: LogLevel;
  /** Also write warnings and errors to stderr (the harness does; tests keep quiet). */
  stderr?: boolean;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const min = ORDER[options.level ?? 'info'];
  if (options.file) {
    // Log lines name clerks and journal numbers: owner-only, also a log file an older version left 0644.
    ensurePrivateDir(dirname(options.file));
    tighten(options.file);
  }
  const write = (level: LogLevel, message: string, fields?: LogFields) => {
    if (ORDER[level] < min) return;
    const line = JSON.stringify({
      at: new Date().toISOString(),
      level,
      message: maskText(message),
      ...(fields ? (scrub(fields) as LogFields) : {}),
    });
    if (options.file) appendFileSync(options.file, line + '\n', { mode: 0o600 });
    if (options.stderr && ORDER[level] >= ORDER.warn) process.stderr.write(line + '\n');
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
