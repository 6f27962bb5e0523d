/** Words that mark a value someone meant to replace (docker-compose placeholders, examples, demos). */
const PLACEHOLDER = /change-?me|changeit|example|placeholder|default|dummy|sample|secret|password|passw0rd|letmein|test|demo|xxxx|1234|qwerty|admin/i;

/** Bits a secret holds at most if its characters were drawn at random from the ones it uses: length × log2(distinct characters). */
export function estimatedBits(secret: string): number {
  const distinct = new Set(secret).size;
  return distinct <= 1 ? 0 : secret.length * Math.log2(distinct);
}

/**
 * Why a secret is weak, or null. The answer never contains the secret. 128 bits
 * is what `randomBytes(16)` gives; 32 random base64url characters give about 150.
 */
export function secretWeakness(secret: string, opts: { minLength?: number; minBits?: number } = {}): string | null {
  const minLength = opts.minLength ?? 32;
  const minBits = opts.minBits ?? 128;
  if (PLACEHOLDER.test(secret)) return 'looks like a placeholder or default';
  if (secret.length < minLength) return `shorter than ${minLength} characters`;
  if (estimatedBits(secret) < minBits) return `too predictable (under ${minBits} bits)`;
  return null;
}

/** A security rule's problem for the secret `name` when it is set and weak (`"NAME <why>"`), else null. */
export function weakSecretProblem(name: string, secret: string | undefined, opts?: { minLength?: number; minBits?: number }): string | null {
  const weakness = secret ? secretWeakness(secret, opts) : null;
  return weakness ? `${name} ${weakness}` : null;
}
