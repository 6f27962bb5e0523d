import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../errors/tsunagu.error';
import { createLogger } from '../logging/logger';
import type { SecurityProfile } from '../config/env-fragments';

/**
 * A server-side key from its variable, or, outside the production profile, from a
 * file in DATA_DIR that is generated on first start (32 random bytes, mode 0600)
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
  const file = resolve(options.dataDir, options.fileName);
  if (!existsSync(file)) {
    mkdirSync(options.dataDir, { recursive: true });
    try {
      // 'wx': two processes starting on one DATA_DIR at once keep the first key written
      writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
      chmodSync(file, 0o600);
      createLogger('bootstrap').warn(`${options.variable} not set: generated a key`, { file });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'utf8');
}
