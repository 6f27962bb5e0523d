import { createHmac, timingSafeEqual } from 'node:crypto';

/** The scheme tag of a keyed hash as stored: `hmac-sha256$<key id>$<mac>`. */
export const KEYED_HASH_SCHEME = 'hmac-sha256';

/** Shortest server-side key, bytes: HMAC-SHA-256 is as strong as its key up to 32 bytes. */
export const MIN_KEY_BYTES = 32;

/**
 * Hashes high-entropy secrets (device secrets, tokens: 256 random bits) with
 * HMAC-SHA-256 under a server-side key. A slow password hash (scrypt) buys nothing
 * against guessing such a secret and costs tens of milliseconds per check; a keyed
 * hash costs a microsecond, and a stolen table is worthless without the key.
 * Stored as `hmac-sha256$<key id>$<mac>` (base64url): the key id names the key a
 * hash was made with, so a hash under another key is told apart from a wrong secret.
 */
export class KeyedSecretHash {
  /** public: derived one-way from the key, never the key itself */
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length < MIN_KEY_BYTES) throw new RangeError(`a secret-hash key needs at least ${MIN_KEY_BYTES} bytes`);
    this.keyId = createHmac('sha256', key).update('tsunagu key id').digest('base64url').slice(0, 11);
  }

  /** True when `stored` is a keyed hash (of any key); false for another scheme (scrypt). */
  static isKeyed(stored: string): boolean {
    return stored.startsWith(`${KEYED_HASH_SCHEME}$`);
  }

  hash(secret: string): string {
    return [KEYED_HASH_SCHEME, this.keyId, this.mac(secret).toString('base64url')].join('$');
  }

  /** True when the stored hash is this key's hash of `secret`, compared in constant time; a hash of another key or scheme never matches. */
  verify(secret: string, stored: string): boolean {
    const [scheme, keyId, mac, extra] = stored.split('$');
    if (scheme !== KEYED_HASH_SCHEME || keyId !== this.keyId || !mac || extra !== undefined) return false;
    const expected = Buffer.from(mac, 'base64url');
    const actual = this.mac(secret);
    return expected.length === actual.length && timingSafeEqual(actual, expected);
  }

  /** True when `stored` was made with another key (a changed or lost key, not a wrong secret). */
  isOtherKey(stored: string): boolean {
    return KeyedSecretHash.isKeyed(stored) && stored.split('$')[1] !== this.keyId;
  }

  private mac(secret: string): Buffer {
    return createHmac('sha256', this.key).update(secret, 'utf8').digest();
  }
}
