/**
 * Field encryption for personal data and keyed hashes for looking them up.
 *
 * One 32-byte master key (kept outside the database, see main/keys.ts) is expanded with HKDF into
 * independent sub-keys: one for AES-256-GCM, one per hash kind and one for the key check. Separate
 * hash keys mean an id-number hash can never be matched against a phone hash, and none of the
 * hashes or the stored key check says anything about the encryption key.
 *
 * Blob layout (version 1): 1 version byte | 12-byte random IV | 16-byte GCM tag | ciphertext.
 * The version byte and the caller's AAD (the application id) are authenticated, so a blob copied
 * into another row, truncated or altered in a single bit fails to decrypt instead of yielding data.
 */
import { createCipheriv, createDecipheriv, createHmac, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';

export const MASTER_KEY_BYTES = 32;
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

/** HKDF salt: a fixed application label (the master key is already uniformly random). */
const SALT = Buffer.from('okno/field-cipher', 'utf8');
const INFO = {
  encryption: 'okno/v1/aes-256-gcm/personal',
  id: 'okno/v1/hmac-sha256/id-number',
  phone: 'okno/v1/hmac-sha256/phone',
  check: 'okno/v1/hmac-sha256/key-check',
} as const;
const KEY_CHECK_LABEL = 'okno key check v1';

export type HashKind = 'id' | 'phone';

export interface FieldCipher {
  /** A fresh random IV every call: the same plaintext never gives the same blob. */
  encrypt(plaintext: Buffer | string, aad: string): Buffer;
  /** Throws on a wrong key, a wrong AAD, an unknown version or an altered byte. */
  decrypt(blob: Buffer, aad: string): Buffer;
  /**
   * Hex HMAC-SHA-256. The value must already be in its canonical form (a validated id number,
   * an E.164 phone): the hash is byte-exact, so '+375 29…' and '+37529…' would not match.
   */
  hash(kind: HashKind, value: string): string;
  /** Identifies the key without revealing it; stored in `meta.key_check`. */
  keyCheck(): string;
}

function subKey(master: Buffer, info: string): KeyObject {
  return createSecretKey(Buffer.from(hkdfSync('sha256', master, SALT, info, 32)));
}

/** AAD = version byte + the caller's binding, so the header cannot be swapped either. */
function additionalData(version: number, aad: string): Buffer {
  if (aad.length === 0) throw new TypeError('field cipher: AAD must not be empty (pass the row id)');
  return Buffer.concat([Buffer.from([version]), Buffer.from(aad, 'utf8')]);
}

export function createFieldCipher(masterKey: Buffer): FieldCipher {
  if (masterKey.length !== MASTER_KEY_BYTES) throw new RangeError(`field cipher: the key must be ${MASTER_KEY_BYTES} bytes`);
  const encryptionKey = subKey(masterKey, INFO.encryption);
  const hashKeys: Record<HashKind, KeyObject> = { id: subKey(masterKey, INFO.id), phone: subKey(masterKey, INFO.phone) };
  const checkKey = subKey(masterKey, INFO.check);

  return {
    encrypt(plaintext, aad) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(additionalData(VERSION, aad));
      const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
      const body = Buffer.concat([cipher.update(data), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },

    decrypt(blob, aad) {
      if (blob.length < HEADER_BYTES) throw new Error('field cipher: the blob is too short');
      const version = blob[0];
      if (version !== VERSION) throw new Error(`field cipher: unknown blob version ${String(version)}`);
      const iv = blob.subarray(1, 1 + IV_BYTES);
      const tag = blob.subarray(1 + IV_BYTES, HEADER_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(additionalData(version, aad));
      decipher.setAuthTag(tag);
      // final() throws "Unsupported state or unable to authenticate data" on a mismatch.
      return Buffer.concat([decipher.update(blob.subarray(HEADER_BYTES)), decipher.final()]);
    },

    hash(kind, value) {
      if (value.length === 0) throw new TypeError(`field cipher: empty ${kind} value`);
      return createHmac('sha256', hashKeys[kind]).update(value, 'utf8').digest('hex');
    },

    keyCheck() {
      return createHmac('sha256', checkKey).update(KEY_CHECK_LABEL, 'utf8').digest('hex');
    },
  };
}

/**
 * The audit chain's HMAC key (issue 15): derived from the master key like the other sub-keys, so
 * whoever can rewrite the database file but does not hold the data key cannot forge the chain.
 */
export function deriveAuditChainKey(masterKey: Buffer): Buffer {
  if (masterKey.length !== MASTER_KEY_BYTES) throw new RangeError(`audit chain key: the master key must be ${MASTER_KEY_BYTES} bytes`);
  return Buffer.from(hkdfSync('sha256', masterKey, SALT, 'okno/v1/hmac-sha256/audit-chain', 32));
}
