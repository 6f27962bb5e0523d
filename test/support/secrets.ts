import { randomBytes } from 'node:crypto';
import { secretWeakness } from '@tsunagu/platform';

/** A random secret the security rules accept (a random string can spell a placeholder word such as "test" or "1234": drawn again then). */
export function strongSecret(): string {
  for (;;) {
    const secret = randomBytes(32).toString('base64url');
    if (secretWeakness(secret) === null) return secret;
  }
}
