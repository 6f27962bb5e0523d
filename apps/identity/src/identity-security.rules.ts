import { baseEnv, loadConfig, weakSecretProblem, type SecurityContext, type SecurityRule } from '@tsunagu/platform';
import { identityEnv } from './identity.config';

const identity = (c: SecurityContext) => loadConfig(identityEnv, { ...c.env });
const base = (c: SecurityContext) => loadConfig(baseEnv, { ...c.env });

/** What the production profile checks of operators' sign-in. */
export const IDENTITY_SECURITY_RULES: readonly SecurityRule[] = [
  {
    id: 'identity-cookie-secure',
    reason: 'behind a TLS-terminating proxy the request reaches the process over plain HTTP, so `auto` would send the session cookie without Secure',
    fix: 'set IDENTITY_COOKIE_SECURE=always (or serve HTTPS in the process with HTTP_TLS_CERT_FILE / HTTP_TLS_KEY_FILE)',
    check: (c) => (base(c).HTTP_TLS_PROXY && identity(c).IDENTITY_COOKIE_SECURE !== 'always' ? 'HTTP_TLS_PROXY=true with IDENTITY_COOKIE_SECURE=auto' : null),
  },
  {
    id: 'identity-admin-password',
    reason: 'the first admin can do everything: a weak or placeholder password is the platform’s weakest door',
    fix: 'leave IDENTITY_ADMIN_PASSWORD unset (a random one is written once to DATA_DIR) or give a random one of 20+ characters',
    check: (c) => weakSecretProblem('IDENTITY_ADMIN_PASSWORD', identity(c).IDENTITY_ADMIN_PASSWORD, { minLength: 20, minBits: 100 }),
  },
];
