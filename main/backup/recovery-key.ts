/**
 * The data key wrapped to IT's recovery key pair, so that only IT's private key opens a backup.
 * Two kinds of pair are accepted (IT makes either with openssl, docs/IT-GUIDE.md):
 *  - RSA (≥ 2048 bits): RSA-OAEP with SHA-256 of the 32-byte key;
 *  - X25519: an ephemeral X25519 agreement, HKDF-SHA-256 of the shared secret, AES-256-GCM.
 * Pure node:crypto; no I/O.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  constants,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import { z } from 'zod';

export const MIN_RSA_BITS = 2048;
const X25519_INFO = 'okno/v1/backup/x25519-hkdf-sha256-aes256gcm';

export const wrappedKeySchema = z.discriminatedUnion('alg', [
  z.strictObject({ alg: z.literal('RSA-OAEP-256'), wrapped: z.base64() }),
  z.strictObject({
    alg: z.literal('X25519-HKDF-SHA256-A256GCM'),
    /** The ephemeral public key (SPKI DER, base64). */
    epk: z.base64(),
    iv: z.base64(),
    tag: z.base64(),
    wrapped: z.base64(),
  }),
]);
export type WrappedKey = z.infer<typeof wrappedKeySchema>;

/** Why a PEM is not a usable recovery public key; null when it is. Russian, for the config error. */
export function recoveryPublicKeyProblem(pem: string): string | null {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    return 'не открытый ключ в формате PEM (ожидается текст от «-----BEGIN PUBLIC KEY-----» до «-----END PUBLIC KEY-----»).';
  }
  if (key.asymmetricKeyType === 'x25519') return null;
  if (key.asymmetricKeyType === 'rsa') {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    return bits >= MIN_RSA_BITS ? null : `ключ RSA длиной ${bits} бит слишком короткий: нужен не короче ${MIN_RSA_BITS} (лучше 3072).`;
  }
  return `ключ типа ${key.asymmetricKeyType ?? 'неизвестного'} не подходит: нужен RSA (от ${MIN_RSA_BITS} бит) или X25519.`;
}

/** SHA-256 of the public key (SPKI DER), hex: names the pair a backup was made for. */
export function recoveryKeyId(key: KeyObject): string {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(pub.export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

function x25519Key(dataKeyInfo: Buffer, shared: Buffer, epk: Buffer): Buffer {
  // The ephemeral public key is the salt: each wrap has its own AES key even for one recipient.
  return Buffer.from(hkdfSync('sha256', shared, epk, dataKeyInfo, 32));
}

export function wrapDataKey(dataKey: Buffer, publicPem: string): WrappedKey {
  const recipient = createPublicKey(publicPem);
  if (recipient.asymmetricKeyType === 'rsa') {
    const wrapped = publicEncrypt({ key: recipient, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, dataKey);
    return { alg: 'RSA-OAEP-256', wrapped: wrapped.toString('base64') };
  }
  if (recipient.asymmetricKeyType === 'x25519') {
    const ephemeral = generateKeyPairSync('x25519');
    const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient });
    const epk = ephemeral.publicKey.export({ type: 'spki', format: 'der' });
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', x25519Key(Buffer.from(X25519_INFO), shared, epk), iv);
    const wrapped = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return {
      alg: 'X25519-HKDF-SHA256-A256GCM',
      epk: epk.toString('base64'),
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      wrapped: wrapped.toString('base64'),
    };
  }
  throw new Error(`unsupported recovery key type ${recipient.asymmetricKeyType ?? '?'}`);
}

/** The data key, or null when this private key does not open it (another key, or a changed byte). */
export function unwrapDataKey(wrapped: WrappedKey, privateKey: KeyObject): Buffer | null {
  try {
    if (wrapped.alg === 'RSA-OAEP-256') {
      if (privateKey.asymmetricKeyType !== 'rsa') return null;
      return privateDecrypt(
        { key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
        Buffer.from(wrapped.wrapped, 'base64'),
      );
    }
    if (privateKey.asymmetricKeyType !== 'x25519') return null;
    const epk = Buffer.from(wrapped.epk, 'base64');
    const shared = diffieHellman({ privateKey, publicKey: createPublicKey({ key: epk, format: 'der', type: 'spki' }) });
    const decipher = createDecipheriv('aes-256-gcm', x25519Key(Buffer.from(X25519_INFO), shared, epk), Buffer.from(wrapped.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(wrapped.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(wrapped.wrapped, 'base64')), decipher.final()]);
  } catch {
    return null;
  }
}

/** Reads IT's private key (PEM, unencrypted or with a passphrase). Throws with a Russian message. */
export function readPrivateKey(pem: string, passphrase?: string): KeyObject {
  try {
    return createPrivateKey(passphrase === undefined ? pem : { key: pem, passphrase });
  } catch {
    throw new Error(
      'файл ключа восстановления не является закрытым ключом PEM' +
        (passphrase === undefined ? ' (или ключ защищён паролем)' : ' или пароль неверен') +
        '.',
    );
  }
}
