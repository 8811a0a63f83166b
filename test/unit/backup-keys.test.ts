/** Issue 17: the recovery key checks, the data key wrap, the backup names and the header's state. */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readPrivateKey, recoveryKeyId, recoveryPublicKeyProblem, unwrapDataKey, wrapDataKey } from '../../main/backup/recovery-key';
import { backupName, deskPrefix } from '../../main/backup/make';
import { backupStateOf } from '../../renderer/src/features/shell/backup-state';

const pem = (k: { export(o: { type: 'spki'; format: 'pem' }): string | Buffer }) => k.export({ type: 'spki', format: 'pem' }).toString();
const pair = (type: 'rsa' | 'x25519') => {
  const p = type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('x25519');
  return { publicPem: pem(p.publicKey), privateKey: p.privateKey };
};
const rsa = pair('rsa');
const x = pair('x25519');

describe('recovery public key', () => {
  it.each([
    ['RSA 2048', rsa.publicPem, null],
    ['X25519', x.publicPem, null],
    ['RSA 1024', pem(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey), 'слишком короткий'],
    ['EC P-256', pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey), 'ключ типа ec не подходит'],
    ['Ed25519', pem(generateKeyPairSync('ed25519').publicKey), 'ключ типа ed25519 не подходит'],
    ['text', 'hello', 'не открытый ключ в формате PEM'],
    ['empty', '', 'не открытый ключ в формате PEM'],
  ])('%s', (_name, key, problem) => {
    const found = recoveryPublicKeyProblem(key);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});

describe('the data key wrapped to the recovery key', () => {
  it.each([
    ['RSA-OAEP-256', rsa, x],
    ['X25519-HKDF-SHA256-A256GCM', x, rsa],
  ] as const)('%s: opens with its private key only', (alg, own, other) => {
    const key = randomBytes(32);
    const wrapped = wrapDataKey(key, own.publicPem);
    expect(wrapped.alg).toBe(alg);
    expect(unwrapDataKey(wrapped, own.privateKey)).toEqual(key);
    expect(unwrapDataKey(wrapped, other.privateKey)).toBeNull();
    expect(unwrapDataKey(wrapped, pair(own === rsa ? 'rsa' : 'x25519').privateKey)).toBeNull();
    // Each wrap is new (random padding or ephemeral key): two backups never share the wrapped bytes.
    expect(wrapDataKey(key, own.publicPem).wrapped).not.toBe(wrapped.wrapped);
    expect(recoveryKeyId(own.privateKey)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a private key with a passphrase needs it', () => {
    const encrypted = rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'тайна' }).toString();
    expect(() => readPrivateKey(encrypted)).toThrow('защищён паролем');
    expect(() => readPrivateKey(encrypted, 'wrong')).toThrow('пароль неверен');
    expect(recoveryKeyId(readPrivateKey(encrypted, 'тайна'))).toBe(recoveryKeyId(rsa.privateKey));
  });
});

describe('backup names', () => {
  it.each([
    ['MN-0417', '3', '2026-12-05T07:15:00.123Z', 'okno-backup-MN-0417_3_20261205T071500123Z.okb'],
    ['00', '1', '2026-01-01T00:00:00.000Z', 'okno-backup-00_1_20260101T000000000Z.okb'],
  ])('%s / %s at %s', (office, ws, at, name) => {
    expect(backupName(office, ws, new Date(at))).toBe(name);
  });

  it('one desk’s prefix never starts another’s (a hyphen may be in both codes, an underscore in neither)', () => {
    expect(deskPrefix('MN', '0417-3')).not.toBe(deskPrefix('MN-0417', '3'));
    expect(deskPrefix('MN-0417', '3-1').startsWith(deskPrefix('MN-0417', '3'))).toBe(false);
    expect(backupName('MN-0417', '3-1', new Date()).startsWith(deskPrefix('MN-0417', '3'))).toBe(false);
  });
});

describe('the header’s state', () => {
  const base = { configured: true, running: false, lastAt: null, lastFile: null, lastError: null };
  it.each([
    [{ ...base, configured: false }, 'off'],
    [{ ...base, running: true, lastError: { at: '2026-12-05T07:00:00Z', code: 'disk_full' as const } }, 'running'],
    [{ ...base, lastAt: '2026-12-05T07:00:00Z', lastError: { at: '2026-12-05T08:00:00Z', code: 'folder_missing' as const } }, 'error'],
    [{ ...base, lastAt: '2026-12-05T07:00:00Z' }, 'ok'],
    [base, 'none'],
  ])('%j → %s', (status, state) => {
    expect(backupStateOf(status)).toBe(state);
  });
});
