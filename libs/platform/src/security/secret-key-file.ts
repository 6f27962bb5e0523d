import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../errors/tsunagu.error';
import { createLogger } from '../logging/logger';
import type { SecurityProfile } from '../config/env-fragments';

/**
 * A server-side key from its variable, or, outside the production profile, from a
 * file in DATA_DIR that is generated on first start (`generatedOnce`) (32 random bytes, mode 0600)
 * and read on every later one: what the key protects (stored hashes) must survive
 * a restart. The production profile never generates one: the variable is required.
 * The key never reaches a log; the file's path does.
 */
export function serverKeyOf(options: {
  /** the variable's name, for the messages */
  readonly variable: string;
  readonly value: string | undefined;
  readonly profile: SecurityProfile;
  readonly dataDir: string;
  /** the file under dataDir */
  readonly fileName: string;
}): Buffer {
  if (options.value) return Buffer.from(options.value, 'utf8');
  if (options.profile === 'production') throw new ConfigError(`invalid configuration: ${options.variable}: required in the production profile`);
  return Buffer.from(generatedOnce(options.dataDir, options.fileName, () => randomBytes(32).toString('base64url'), `${options.variable} not set: generated a key`), 'utf8');
}

/**
 * The content of a secret file in `dataDir`, written on first use (from `make`,
 * mode 0600) and read on every later one; `notice` is logged with the file's path
 * (never the content) when it is made. Two processes starting on one folder at once
 * keep the first file written.
 */
export function generatedOnce(dataDir: string, fileName: string, make: () => string, notice: string): string {
  const file = resolve(dataDir, fileName);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, `${make()}\n`, { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
      createLogger('bootstrap').warn(notice, { file });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return readFileSync(file, 'utf8').trim();
}
