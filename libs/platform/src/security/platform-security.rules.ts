import { Client } from 'pg';
import { loadConfig } from '../config/load-config';
import { baseEnv, databaseEnv, kafkaEnv } from '../config/env-fragments';
import { API_ROLES } from '../http/api-tokens';
import { secretWeakness, weakSecretProblem } from './secret-strength';
import type { SecurityContext, SecurityRule } from './security-rule';

const base = (c: SecurityContext) => loadConfig(baseEnv, { ...c.env });
const kafka = (c: SecurityContext) => loadConfig(kafkaEnv, { ...c.env });
const database = (c: SecurityContext) => loadConfig(databaseEnv, { ...c.env });

/** PostgreSQL passwords that ship with images, compose files and tutorials. */
const DEFAULT_DB_PASSWORDS = new Set(['postgres', 'tsunagu', 'password', 'admin', 'root', 'changeme', 'secret']);

/** role → token of API_TOKENS, for checks only (parseApiTokens keeps digests; this never leaves the rule). */
function tokensByRole(spec: string): Array<{ role: string; token: string }> {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => ({ role: pair.slice(0, Math.max(0, pair.indexOf(':'))), token: pair.slice(pair.indexOf(':') + 1) }));
}

const joinProblems = (problems: readonly string[]): string | null => (problems.length > 0 ? problems.join('; ') : null);

/** The rules every service is checked against (a service adds its own in its definition). */
export const PLATFORM_SECURITY_RULES: readonly SecurityRule[] = [
  {
    id: 'api-tokens-configured',
    reason: 'a token generated into DATA_DIR is a demo convenience: nobody issued it, nobody rotates it',
    fix: 'set API_TOKENS to role:token pairs from your secret store',
    check: (c) => (base(c).API_TOKENS ? null : 'API_TOKENS is unset (a generated admin token would be used)'),
  },
  {
    id: 'api-tokens-strong',
    reason: 'a short, placeholder or shared token is guessed or copied from the compose file',
    fix: `give each role its own random token of 32+ characters (e.g. \`openssl rand -base64 32\`); roles: ${API_ROLES.join(', ')}`,
    check: (c) => {
      const spec = base(c).API_TOKENS;
      if (!spec) return null;
      const entries = tokensByRole(spec);
      const problems = entries.flatMap(({ role, token }) => {
        const weakness = secretWeakness(token);
        return weakness ? [`the ${role} token ${weakness}`] : [];
      });
      const seen = new Map<string, string>();
      for (const { role, token } of entries) {
        const other = seen.get(token);
        if (other) problems.push(`the ${role} and ${other} roles share one token`);
        seen.set(token, role);
      }
      return joinProblems(problems);
    },
  },
  {
    id: 'gateway-secret-strong',
    reason: 'whoever knows GATEWAY_PRINCIPAL_SECRET can act as any operator at every service that holds it',
    fix: 'leave it unset without a gateway, or set a random 32+ character value from your secret store (e.g. `openssl rand -base64 32`), the same in the gateway and the services',
    check: (c) => weakSecretProblem('GATEWAY_PRINCIPAL_SECRET', base(c).GATEWAY_PRINCIPAL_SECRET),
  },
  {
    id: 'http-tls',
    reason: 'bearer tokens and records cross the network in clear text over plain HTTP',
    fix: 'set HTTP_TLS_CERT_FILE and HTTP_TLS_KEY_FILE, or HTTP_TLS_PROXY=true when a TLS-terminating proxy is the only way in',
    check: (c) => {
      const env = base(c);
      return env.HTTP_TLS_CERT_FILE || env.HTTP_TLS_PROXY ? null : 'the REST API listens on plain HTTP and no TLS proxy is declared';
    },
  },
  {
    id: 'kafka-tls',
    reason: 'telemetry and findings cross the network in clear text on a PLAINTEXT Kafka listener',
    fix: 'set KAFKA_SSL=true (and KAFKA_SSL_CA_FILE for a private CA) against the brokers’ SSL or SASL_SSL listener',
    check: (c) => {
      const env = kafka(c);
      return env.KAFKA_BROKERS && !env.KAFKA_SSL ? 'Kafka is reached without TLS' : null;
    },
  },
  {
    id: 'kafka-authenticated',
    advisory: true,
    reason: 'without SASL or a client certificate any host that reaches the brokers may read and write every topic',
    fix: 'set KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD, or KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE',
    check: (c) => {
      const env = kafka(c);
      return env.KAFKA_BROKERS && !env.KAFKA_SASL_MECHANISM && !env.KAFKA_SSL_CERT_FILE ? 'Kafka clients do not authenticate' : null;
    },
  },
  {
    id: 'kafka-sasl-password-strong',
    reason: 'a weak SASL password opens the whole bus',
    fix: 'use a random KAFKA_SASL_PASSWORD of 32+ characters',
    check: (c) => weakSecretProblem('KAFKA_SASL_PASSWORD', kafka(c).KAFKA_SASL_PASSWORD),
  },
  {
    id: 'postgres-tls',
    reason: 'without a verified TLS connection the database password and every record can be read or redirected on the way',
    fix: 'add `sslmode=verify-full&sslrootcert=/path/ca.pem` to DATABASE_URL (verify-ca when the host name cannot match)',
    check: (c) => {
      const url = database(c).DATABASE_URL;
      if (!url) return null; // the embedded database listens on loopback only
      const mode = new URL(url).searchParams.get('sslmode');
      return mode === 'verify-full' || mode === 'verify-ca' ? null : `DATABASE_URL has sslmode=${mode ?? '(unset)'}; verify-full or verify-ca required`;
    },
  },
  {
    id: 'database-credentials',
    reason: 'a default or weak database password is the first one tried',
    fix: 'give the service its own database user with a random password of 32+ characters',
    check: (c) => {
      const url = database(c).DATABASE_URL;
      if (!url) return 'the embedded PostgreSQL uses its built-in superuser and password';
      const parsed = new URL(url);
      const user = decodeURIComponent(parsed.username);
      const password = decodeURIComponent(parsed.password);
      if (!password) return null; // a client certificate or a password file (PGPASSFILE) authenticates
      if (DEFAULT_DB_PASSWORDS.has(password.toLowerCase()) || password === user) return 'DATABASE_URL carries a default password';
      return weakSecretProblem('the DATABASE_URL password', password);
    },
  },
  {
    id: 'database-not-superuser',
    reason: 'a superuser can read every schema, drop any table and run programs on the database host: one service bug becomes the whole database',
    fix: 'connect as a role without SUPERUSER that owns only its schemas (see README "Security")',
    check: async (c) => {
      if (!c.databaseUrl) return null; // checked at start-up, once the database is known
      const client = new Client({ connectionString: c.databaseUrl, connectionTimeoutMillis: 5000 });
      await client.connect();
      try {
        const { rows } = await client.query<{ rolsuper: boolean }>('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
        return rows[0]?.rolsuper ? 'the database role is a superuser' : null;
      } finally {
        await client.end();
      }
    },
  },
  {
    id: 'log-level-not-debug',
    advisory: true,
    reason: 'debug logs carry payloads and internal detail meant for a developer',
    fix: 'LOG_LEVEL=info (or warn)',
    check: (c) => (base(c).LOG_LEVEL === 'debug' ? 'LOG_LEVEL=debug' : null),
  },
];
