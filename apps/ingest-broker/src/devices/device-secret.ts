import { createHash, randomBytes } from 'node:crypto';

/** A new device secret: 32 random bytes, base64url (256 bits); DeviceSecretsService hashes it. */
export function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** Fast fingerprint of a secret that was already verified (kept in memory only). */
export function fingerprint(secret: string, pepper: Buffer): string {
  return createHash('sha256').update(pepper).update(secret).digest('base64');
}
