/**
 * The backup file (.okb): one file that IT can copy around as a unit.
 *
 *   "OKNOBKP1\n"                  magic, 9 bytes
 *   uint32 BE  n                  length of the manifest
 *   n bytes                       the manifest, JSON (UTF-8)
 *   32 bytes                      HMAC-SHA-256 of the manifest bytes, keyed from the data key
 *   the files, in manifest order  each exactly `size` bytes
 *
 * The manifest names the desk, the time, the wrapped data key and each file with its SHA-256.
 * Its HMAC can only be checked once the data key is unwrapped, so a changed manifest (a swapped
 * hash, another desk's name) is reported just like a changed file. The database inside is the
 * desk's file as it is: the personal fields in it stay encrypted with the data key.
 */
import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { z } from 'zod';
import { wrappedKeySchema } from './recovery-key';

export const MAGIC = Buffer.from('OKNOBKP1\n', 'ascii');
export const MAC_BYTES = 32;
/** A manifest is a few hundred bytes; anything this large is not one. */
const MAX_MANIFEST_BYTES = 64 * 1024;
export const BACKUP_EXTENSION = '.okb';

const fileEntry = z.strictObject({
  name: z.enum(['okno.sqlite']),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const manifestSchema = z.strictObject({
  format: z.literal(1),
  createdAt: z.iso.datetime(),
  officeCode: z.string().min(1).max(16),
  workstationId: z.string().min(1).max(32),
  appVersion: z.string().max(50),
  /** The audit log's last row in the copy: what the restored desk continues from. */
  auditSeq: z.number().int().nonnegative(),
  /** SHA-256 of the recovery public key (SPKI DER) the data key is wrapped to. */
  recoveryKeyId: z.string().regex(/^[0-9a-f]{64}$/),
  key: wrappedKeySchema,
  files: z.array(fileEntry).min(1),
});
export type Manifest = z.infer<typeof manifestSchema>;

export function manifestMac(dataKey: Buffer, manifest: Buffer): Buffer {
  const macKey = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'okno/v1/backup/manifest-hmac', 32));
  return createHmac('sha256', macKey).update(manifest).digest();
}

export function sameMac(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function sha256File(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
    // Hashing a large file in one go would hold the event loop (and the clerks' calls) for long.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { sha256: hash.digest('hex'), size };
}

/** The head of a backup file: magic, manifest, its MAC. Throws `BackupFormatError` when it is not one. */
export interface OpenedBackup {
  manifest: Manifest;
  manifestBytes: Buffer;
  mac: Buffer;
  /** Where the first file starts. */
  bodyOffset: number;
  fileSize: number;
}

export class BackupFormatError extends Error {}

async function readExactly(handle: FileHandle, length: number, position: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buf, 0, length, position);
  if (bytesRead !== length) throw new BackupFormatError('файл обрывается: он скопирован не полностью.');
  return buf;
}

export async function readBackupHead(path: string): Promise<OpenedBackup> {
  const handle = await open(path, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    const magic = await readExactly(handle, MAGIC.length, 0).catch(() => Buffer.alloc(0));
    if (!magic.equals(MAGIC)) throw new BackupFormatError('это не файл резервной копии Окна (.okb).');
    const length = (await readExactly(handle, 4, MAGIC.length)).readUInt32BE(0);
    if (length === 0 || length > MAX_MANIFEST_BYTES) throw new BackupFormatError('оглавление резервной копии повреждено.');
    const manifestBytes = await readExactly(handle, length, MAGIC.length + 4);
    let json: unknown;
    try {
      json = JSON.parse(manifestBytes.toString('utf8'));
    } catch {
      throw new BackupFormatError('оглавление резервной копии повреждено (не JSON).');
    }
    const parsed = manifestSchema.safeParse(json);
    if (!parsed.success) throw new BackupFormatError('оглавление резервной копии повреждено или от другой версии программы.');
    const mac = await readExactly(handle, MAC_BYTES, MAGIC.length + 4 + length);
    const bodyOffset = MAGIC.length + 4 + length + MAC_BYTES;
    const expected = bodyOffset + parsed.data.files.reduce((sum, f) => sum + f.size, 0);
    if (expected !== fileSize)
      throw new BackupFormatError(
        `размер файла (${fileSize} байт) не совпадает с оглавлением (${expected} байт): файл обрезан или дописан.`,
      );
    return { manifest: parsed.data, manifestBytes, mac, bodyOffset, fileSize };
  } finally {
    await handle.close();
  }
}

/** The bytes of one packed file, streamed. */
export function packedFileStream(path: string, opened: OpenedBackup, index: number): ReadStream {
  const files = opened.manifest.files;
  const start = opened.bodyOffset + files.slice(0, index).reduce((sum, f) => sum + f.size, 0);
  const size = files[index]?.size ?? 0;
  // `end` is inclusive; the database file is never empty (a page at least).
  return createReadStream(path, { start, end: start + size - 1 });
}

/** The header bytes written before the files. */
export function headerBytes(manifest: Manifest, dataKey: Buffer): Buffer {
  const json = Buffer.from(JSON.stringify(manifest), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length, 0);
  return Buffer.concat([MAGIC, length, json, manifestMac(dataKey, json)]);
}
