// Encryption of personal free text at rest: AES-256-GCM, one random 96-bit IV per value, the key id kept
// with each value so keys can be rotated. DATA_KEYS="id1:base64key,id2:base64key"; the first is current.
//
// A value is stored as  enc:v1:<keyId>:<iv b64url>:<tag b64url>:<ciphertext b64url>
// The field's name is bound in as additional data, so a value cannot be moved to another field unnoticed.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export class KeyringError extends Error {
  override name = 'KeyringError';
}

const PREFIX = 'enc:v1:';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
/** A sealed value's head: key id, IV and tag; the ciphertext follows it. */
const HEAD = /^enc:v1:([A-Za-z0-9_-]{1,32}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):$/;

export interface Keyring {
  /** The id new values are encrypted with. */
  readonly currentId: string;
  readonly ids: readonly string[];
  encrypt(plain: string, field: string): string;
  /** Plain text passes through unchanged (data written before encryption was turned on). */
  decrypt(value: string, field: string): string;
  /** The key id a stored value uses, or undefined when it is plain text. */
  keyIdOf(value: string): string | undefined;
}

export function isEncrypted(value: string): boolean {
  return value.startsWith(PREFIX);
}

/**
 * A value's parts: [value, key id, iv, tag, body]. The body is not checked
 * character by character (a sealed report rows file is tens of kilobytes, and a regex over it cost
 * 0.2 s of a report): GCM's tag already rejects any body that was changed.
 */
function parts(value: string): [string, string, string, string, string] | undefined {
  const idEnd = value.indexOf(':', PREFIX.length);
  const ivEnd = idEnd < 0 ? -1 : value.indexOf(':', idEnd + 1);
  const tagEnd = ivEnd < 0 ? -1 : value.indexOf(':', ivEnd + 1);
  if (!value.startsWith(PREFIX) || tagEnd < 0) return undefined;
  const head = HEAD.exec(value.slice(0, tagEnd + 1));
  if (!head) return undefined;
  return [value, head[1], head[2], head[3], value.slice(tagEnd + 1)];
}

/** Parses DATA_KEYS. Throws KeyringError with one line saying what is wrong (never the key). */
export function parseKeyring(spec: string): Keyring {
  const keys = new Map<string, Buffer>();
  const entries = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new KeyringError('needs at least one key, as id:base64key');
  entries.forEach((entry, i) => {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    const encoded = colon > 0 ? entry.slice(colon + 1) : '';
    if (!KEY_ID.test(id)) throw new KeyringError(`key ${i + 1}: must be written id:base64key, the id made of letters, numbers, - or _ (up to 32)`);
    if (keys.has(id)) throw new KeyringError(`key ${i + 1}: the id "${id}" is used twice`);
    const key = Buffer.from(encoded, encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64');
    if (key.length !== 32) throw new KeyringError(`key "${id}": must be 32 bytes in base64 (make one with: openssl rand -base64 32)`);
    keys.set(id, key);
  });
  return makeKeyring(keys);
}

function makeKeyring(keys: Map<string, Buffer>): Keyring {
  const [currentId] = keys.keys();
  const current = keys.get(currentId)!;
  return {
    currentId,
    ids: [...keys.keys()],
    encrypt(plain, field) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.from(field, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${currentId}:${iv.toString('base64url')}:${cipher.getAuthTag().toString('base64url')}:${body.toString('base64url')}`;
    },
    decrypt(value, field) {
      if (!isEncrypted(value)) return value;
      const m = parts(value);
      if (!m) throw new KeyringError(`a stored ${field} is not a well-formed encrypted value`);
      const key = keys.get(m[1]);
      if (!key) throw new KeyringError(`a stored ${field} uses key "${m[1]}", which is not in DATA_KEYS (known: ${[...keys.keys()].join(', ')})`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(m[2], 'base64url'));
        decipher.setAAD(Buffer.from(field, 'utf8'));
        decipher.setAuthTag(Buffer.from(m[3], 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(m[4], 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new KeyringError(`a stored ${field} under key "${m[1]}" cannot be decrypted (wrong key, or the value was changed)`);
      }
    },
    keyIdOf(value) {
      return parts(value)?.[1];
    },
  };
}

/** A fresh random key in the form DATA_KEYS takes, for `npm run rotate-keys -- --new-key`. */
export function newKeySpec(id: string): string {
  if (!KEY_ID.test(id)) throw new KeyringError('the key id must be letters, numbers, - or _ (up to 32)');
  return `${id}:${randomBytes(32).toString('base64')}`;
}
