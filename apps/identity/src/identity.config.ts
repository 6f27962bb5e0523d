import { z } from 'zod';
import { envTypes } from '@tsunagu/platform';

/** Operators' accounts and sessions, from the environment (validated once, at start-up). */
export const identityEnv = z.object({
  /** user name of the first admin, created on the first start (when no account exists yet) */
  IDENTITY_ADMIN_USERNAME: z.string().trim().min(1).max(64).default('admin'),
  /**
   * password of the first admin (at least 12 characters); unset: one is generated and
   * written once to `<DATA_DIR>/initial-admin-password` (mode 0600), never logged
   */
  IDENTITY_ADMIN_PASSWORD: z.string().min(12).max(200).optional(),
  /** minutes a session may stay unused before it expires */
  IDENTITY_SESSION_IDLE_MINUTES: envTypes.positiveInt.default(30),
  /** hours after sign-in a session expires, however busy */
  IDENTITY_SESSION_MAX_HOURS: envTypes.positiveInt.default(12),
  /** `auto`: the session cookie is Secure when the request came over TLS; `always`: Secure on every response (behind a TLS proxy) */
  IDENTITY_COOKIE_SECURE: z.enum(['auto', 'always']).default('auto'),
  /** failed sign-ins from one address within the window before it is blocked (0 disables) */
  IDENTITY_LOGIN_MAX_FAILURES: z.coerce.number().int().min(0).default(5),
  /** seconds over which failed sign-ins are counted */
  IDENTITY_LOGIN_WINDOW_SEC: envTypes.positiveInt.default(300),
  /** seconds an address is refused sign-in (429) once blocked */
  IDENTITY_LOGIN_BLOCK_SEC: envTypes.positiveInt.default(300),
});

export interface IdentityOptions {
  readonly adminUsername: string;
  readonly adminPassword: string | null;
  readonly sessionIdleMs: number;
  readonly sessionMaxMs: number;
  readonly cookieSecure: 'auto' | 'always';
  readonly loginMaxFailures: number;
  readonly loginWindowMs: number;
  readonly loginBlockMs: number;
  /** where a generated first admin password is written (DATA_DIR, given by the process that mounts the module) */
  readonly dataDir: string;
}

export function identityOptionsFromEnv(env: z.infer<typeof identityEnv>): IdentityOptions {
  return {
    adminUsername: env.IDENTITY_ADMIN_USERNAME,
    adminPassword: env.IDENTITY_ADMIN_PASSWORD ?? null,
    sessionIdleMs: env.IDENTITY_SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: env.IDENTITY_SESSION_MAX_HOURS * 3_600_000,
    cookieSecure: env.IDENTITY_COOKIE_SECURE,
    loginMaxFailures: env.IDENTITY_LOGIN_MAX_FAILURES,
    loginWindowMs: env.IDENTITY_LOGIN_WINDOW_SEC * 1000,
    loginBlockMs: env.IDENTITY_LOGIN_BLOCK_SEC * 1000,
    dataDir: '.data',
  };
}
