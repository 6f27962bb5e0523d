import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { KeyedSecretHash, verifySecret } from '@tsunagu/platform';
import { INGEST_OPTIONS, type IngestBrokerOptions } from '../config/ingest-broker.config';
import { generateSecret } from './device-secret';

/** The key of options that name none (tests, benchmarks): one per process, so every module of a test process agrees. */
const PROCESS_KEY = randomBytes(32);

/** A secret checked against its stored hash. */
export interface SecretCheck {
  readonly ok: boolean;
  /** the secret's keyed hash, to store in place of a matching hash of an older scheme (scrypt) */
  readonly rehash?: string;
}

/**
 * Every hash of a device secret is made and checked here. Device secrets are 256
 * random bits: HMAC-SHA-256 under the server-side DEVICE_SECRET_KEY, compared in
 * constant time, is as safe against guessing as a slow password hash and costs a
 * microsecond instead of scrypt's tens of milliseconds and 16 MiB per CONNECT.
 * Hashes stored before (scrypt) still verify; the caller stores the keyed hash
 * that comes back with the match. Operators' passwords (apps/identity) are low
 * entropy and stay scrypt.
 */
@Injectable()
export class DeviceSecretsService {
  private readonly keyed: KeyedSecretHash;
  /** checked for an unknown device, so it costs what a known one costs */
  private readonly decoy: string;

  constructor(@Inject(INGEST_OPTIONS) options: IngestBrokerOptions) {
    this.keyed = new KeyedSecretHash(options.deviceSecretKey ?? PROCESS_KEY);
    this.decoy = this.keyed.hash(generateSecret());
  }

  /** A new secret (shown once) and the hash the registry keeps. */
  issue(): { readonly password: string; readonly secretHash: string } {
    const password = generateSecret();
    return { password, secretHash: this.keyed.hash(password) };
  }

  /** Checks a presented secret against the stored hash; `stored` undefined (no such device) never matches. */
  async verify(secret: string, stored: string | undefined): Promise<SecretCheck> {
    if (stored === undefined) {
      this.keyed.verify(secret, this.decoy);
      return { ok: false };
    }
    if (KeyedSecretHash.isKeyed(stored)) return { ok: this.keyed.verify(secret, stored) };
    // provisioned before keyed hashes: one scrypt more, then the keyed hash takes its place
    if (!(await verifySecret(secret, stored))) return { ok: false };
    return { ok: true, rehash: this.keyed.hash(secret) };
  }

  /** True when a stored hash was made under another DEVICE_SECRET_KEY (a changed key, not a wrong secret): worth saying in the audit. */
  isOtherKey(stored: string): boolean {
    return this.keyed.isOtherKey(stored);
  }
}
