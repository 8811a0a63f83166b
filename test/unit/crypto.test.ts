import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createFieldCipher, MASTER_KEY_BYTES } from '../../db/crypto';

const KEY_A = Buffer.alloc(MASTER_KEY_BYTES, 0xa1);
const KEY_B = Buffer.alloc(MASTER_KEY_BYTES, 0xb2);
const ROW = '7c1e9a52-3f4b-4d6e-9a1b-2c3d4e5f6a7b';
const OTHER_ROW = '7c1e9a52-3f4b-4d6e-9a1b-2c3d4e5f6a7c';
const PERSONAL = JSON.stringify({ surname: 'Грушевская', givenNames: 'Алеся', idNumber: '3270287A001PB5', phone: '+375291234567' });

describe('createFieldCipher: encryption', () => {
  const cipher = createFieldCipher(KEY_A);

  it.each([
    ['a UTF-8 string', PERSONAL],
    ['an empty string', ''],
    ['a buffer', randomBytes(1000)],
  ])('round-trips %s', (_name, plaintext) => {
    const blob = cipher.encrypt(plaintext, ROW);
    const expected = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    expect(cipher.decrypt(blob, ROW)).toEqual(expected);
    expect(blob.length).toBe(1 + 12 + 16 + expected.length);
    expect(blob[0]).toBe(1);
  });

  it('never produces the same blob twice for the same input (fresh IV)', () => {
    const blobs = new Set(Array.from({ length: 50 }, () => cipher.encrypt(PERSONAL, ROW).toString('hex')));
    expect(blobs.size).toBe(50);
  });

  it('does not contain the plaintext', () => {
    const blob = cipher.encrypt(PERSONAL, ROW);
    expect(blob.includes(Buffer.from('Грушевская', 'utf8'))).toBe(false);
    expect(blob.includes(Buffer.from('3270287A001PB5', 'utf8'))).toBe(false);
  });

  const blob = cipher.encrypt(PERSONAL, ROW);
  const flipped = (index: number) => {
    const copy = Buffer.from(blob);
    copy[index] = (copy[index] ?? 0) ^ 0x01;
    return copy;
  };

  it.each([
    ['another row’s AAD (a blob swapped between rows)', () => cipher.decrypt(blob, OTHER_ROW)],
    ['an empty AAD', () => cipher.decrypt(blob, '')],
    ['a flipped version byte', () => cipher.decrypt(flipped(0), ROW)],
    ['a flipped IV bit', () => cipher.decrypt(flipped(5), ROW)],
    ['a flipped tag bit', () => cipher.decrypt(flipped(20), ROW)],
    ['a flipped ciphertext bit', () => cipher.decrypt(flipped(blob.length - 1), ROW)],
    ['a truncated blob', () => cipher.decrypt(blob.subarray(0, blob.length - 1), ROW)],
    ['a blob shorter than its header', () => cipher.decrypt(blob.subarray(0, 28), ROW)],
    ['a blob with bytes appended', () => cipher.decrypt(Buffer.concat([blob, Buffer.from([0])]), ROW)],
    ['another key', () => createFieldCipher(KEY_B).decrypt(blob, ROW)],
  ])('refuses %s', (_name, attempt) => {
    expect(attempt).toThrow();
  });

  it.each([0, 16, 31, 33, 64])('refuses a master key of %i bytes', (length) => {
    expect(() => createFieldCipher(Buffer.alloc(length))).toThrow(/32 bytes/);
  });

  it('refuses to encrypt without AAD', () => {
    expect(() => cipher.encrypt(PERSONAL, '')).toThrow(/AAD/);
  });
});

describe('createFieldCipher: hashes and key check', () => {
  const a = createFieldCipher(KEY_A);
  const b = createFieldCipher(KEY_B);
  const ID = '3270287A001PB5';

  it('is stable for one key (also across cipher instances)', () => {
    expect(a.hash('id', ID)).toBe(createFieldCipher(Buffer.from(KEY_A)).hash('id', ID));
    expect(a.hash('id', ID)).toMatch(/^[0-9a-f]{64}$/);
    expect(a.keyCheck()).toBe(createFieldCipher(Buffer.from(KEY_A)).keyCheck());
  });

  it.each([
    ['kinds (id vs phone)', () => a.hash('id', ID), () => a.hash('phone', ID)],
    ['keys (id)', () => a.hash('id', ID), () => b.hash('id', ID)],
    ['keys (phone)', () => a.hash('phone', '+375291234567'), () => b.hash('phone', '+375291234567')],
    ['values', () => a.hash('id', ID), () => a.hash('id', '3270287A001PB6')],
    ['keys (key check)', () => a.keyCheck(), () => b.keyCheck()],
    ['the key check and any hash', () => a.keyCheck(), () => a.hash('id', 'okno key check v1')],
  ])('differs across %s', (_name, first, second) => {
    expect(first()).not.toBe(second());
  });

  it('is not a plain HMAC of the value with the master key (sub-keys are derived)', async () => {
    const { createHmac } = await import('node:crypto');
    expect(a.hash('id', ID)).not.toBe(createHmac('sha256', KEY_A).update(ID).digest('hex'));
  });

  it('refuses an empty value', () => {
    expect(() => a.hash('phone', '')).toThrow(/empty/);
  });
});
