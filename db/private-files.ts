/**
 * Owner-only files: the database, its WAL and shared-memory files, backups and logs hold
 * personal data (encrypted fields, but also journal numbers, names of clerks, audit details),
 * so another OS user of the computer must not read them. POSIX only: on Windows the data folder
 * sits in the user's profile, whose ACL already keeps other users out.
 */
import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const posix = () => process.platform !== 'win32';

/** Creates the folder (and missing parents) owner-only, and tightens it if it already existed looser. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  tighten(dir);
}

/**
 * Creates an empty file 0600 if it does not exist, tightens it otherwise. SQLite creates a new
 * database file 0644 (less the umask) but gives its -wal, -shm and -journal files the main file's
 * permissions (unix VFS, findCreateFileMode / unixOpenSharedMemory): a main file that exists
 * 0600 before SQLite opens it makes all of them 0600. `VACUUM INTO` accepts an existing empty file.
 */
export function ensurePrivateFile(file: string): void {
  try {
    closeSync(openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
  }
  tighten(file);
}

/** Removes group and other permissions (never adds any); symlinks are left alone. */
export function tighten(path: string): void {
  if (!posix()) return;
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat || stat.isSymbolicLink()) return;
  if ((stat.mode & 0o077) !== 0) chmodSync(path, stat.mode & 0o700);
}

/**
 * Tightens a folder and everything in it, one level of subfolders deep (the data folder: the
 * database files, keys, logs/, backups/). An existing `--data-dir` made 0755 by hand, with files
 * 0644 from an older version, becomes 0700 / 0600.
 */
export function tightenTree(dir: string, depth = 2): void {
  const stat = lstatSync(dir, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) return;
  tighten(dir);
  if (!posix()) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (depth > 1) tightenTree(path, depth - 1);
    } else if (entry.isFile()) tighten(path);
  }
}
