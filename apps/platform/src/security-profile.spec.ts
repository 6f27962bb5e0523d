import { ConfigError, PLATFORM_SECURITY_RULES, createLogger, enforceSecurityProfile, evaluateSecurityRules, setLogSink, type SecurityRule } from '@tsunagu/platform';
import { SERVICE_DEFINITIONS } from './services';
import { strongSecret } from '../../../test/support/secrets';

/** Every rule the all-in-one process checks: the platform's and each service's. */
const RULES: readonly SecurityRule[] = [...PLATFORM_SECURITY_RULES, ...SERVICE_DEFINITIONS.flatMap((d) => d.securityRules ?? [])];
const random = strongSecret;

/** A production environment that complies with every rule (files are named, not read: rules look at configuration). */
function compliantEnv(): Record<string, string> {
  return {
    TSUNAGU_PROFILE: 'production',
    API_TOKENS: ['admin', 'operator', 'publisher'].map((role) => `${role}:${random()}`).join(','),
    HTTP_TLS_CERT_FILE: '/etc/tsunagu/http.crt',
    HTTP_TLS_KEY_FILE: '/etc/tsunagu/http.key',
    KAFKA_BROKERS: 'kafka-1:9093,kafka-2:9093',
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: '/etc/tsunagu/kafka-ca.pem',
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: 'tsunagu-ingest',
    KAFKA_SASL_PASSWORD: random(),
    DATABASE_URL: `postgres://ingest:${random()}@db.internal:5432/tsunagu?sslmode=verify-full&sslrootcert=/etc/tsunagu/pg-ca.pem`,
    MQTT_TLS_CERT_FILE: '/etc/tsunagu/mqtt.crt',
    MQTT_TLS_KEY_FILE: '/etc/tsunagu/mqtt.key',
    MQTT_PLAINTEXT: 'false',
    MQTT_WS_ALLOWED_ORIGINS: 'https://dashboard.example.org',
    DEVICE_SECRET_KEY: random(),
    LOG_LEVEL: 'info',
  };
}

const violations = async (env: Record<string, string | undefined>) => {
  const report = await evaluateSecurityRules(RULES, { env });
  return { blocking: report.blocking.map((o) => o.rule.id), advisories: report.advisories.map((o) => o.rule.id), report };
};

/** One change per rule that breaks it, and nothing else. */
const BREAKERS: ReadonlyArray<[id: string, change: Record<string, string | undefined>]> = [
  ['api-tokens-configured', { API_TOKENS: undefined }],
  ['api-tokens-strong', { API_TOKENS: 'admin:change-me-admin-token-0001' }],
  ['http-tls', { HTTP_TLS_CERT_FILE: undefined, HTTP_TLS_KEY_FILE: undefined }],
  ['kafka-tls', { KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: undefined }],
  ['kafka-sasl-password-strong', { KAFKA_SASL_PASSWORD: 'kafka-pass' }],
  ['postgres-tls', { DATABASE_URL: `postgres://ingest:${random()}@db.internal:5432/tsunagu?sslmode=require` }],
  ['database-credentials', { DATABASE_URL: 'postgres://tsunagu:tsunagu@db.internal:5432/tsunagu?sslmode=verify-full' }],
  ['mqtt-tls', { MQTT_TLS_CERT_FILE: undefined, MQTT_TLS_KEY_FILE: undefined, MQTT_WS_PORT: '0' }],
  ['mqtt-no-plaintext', { MQTT_PLAINTEXT: 'true' }],
  ['mqtt-ws-origins', { MQTT_WS_ALLOWED_ORIGINS: undefined }],
  ['rate-limits-on', { AUTH_MAX_FAILURES_PER_MINUTE: '0' }],
  ['device-secret-key', { DEVICE_SECRET_KEY: undefined }],
  ['gateway-secret-strong', { GATEWAY_PRINCIPAL_SECRET: 'change-me-gateway-principal-secret-0001' }],
  ['identity-cookie-secure', { HTTP_TLS_CERT_FILE: undefined, HTTP_TLS_KEY_FILE: undefined, HTTP_TLS_PROXY: 'true', IDENTITY_COOKIE_SECURE: 'auto' }],
  ['identity-admin-password', { IDENTITY_ADMIN_PASSWORD: 'admin-password' }],
];

describe('security profile (production rules as code)', () => {
  it('a compliant configuration violates nothing', async () => {
    const { blocking, advisories } = await violations(compliantEnv());
    expect(blocking).toEqual([]);
    expect(advisories).toEqual([]);
  });

  it('every blocking rule has a test that breaks it', () => {
    const tested = new Set(BREAKERS.map(([id]) => id));
    // database-not-superuser needs a database: apps/platform/test/security-profile.medium-spec.ts
    // mqtt-ws-tls is broken together with mqtt-tls (a WebSocket listener is wss exactly when MQTT TLS is configured)
    const untested = RULES.filter((r) => !r.advisory && !tested.has(r.id) && !['database-not-superuser', 'mqtt-ws-tls', 'acl-own-topics-only'].includes(r.id));
    expect(untested.map((r) => r.id)).toEqual([]);
  });

  it.each(BREAKERS)('refuses to start when %s is violated, naming the rule and its fix', async (id, change) => {
    const env = { ...compliantEnv(), ...change };
    const { blocking } = await violations(env);
    expect(blocking).toEqual([id]);
    const refusal = await enforceSecurityProfile(RULES, { env }, createLogger('test')).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(ConfigError);
    expect((refusal as Error).message).toContain(`[${id}]`);
    expect((refusal as Error).message).toContain('fix:');
  });

  it('a plain WebSocket listener without MQTT TLS breaks mqtt-ws-tls too', async () => {
    const { blocking } = await violations({ ...compliantEnv(), MQTT_TLS_CERT_FILE: undefined, MQTT_TLS_KEY_FILE: undefined, MQTT_PLAINTEXT: 'true' });
    expect(blocking.sort()).toEqual(['mqtt-no-plaintext', 'mqtt-tls', 'mqtt-ws-tls']);
  });

  it('names every violated rule at once (the docker-compose defaults)', async () => {
    const { blocking } = await violations({
      TSUNAGU_PROFILE: 'production',
      API_TOKENS: 'admin:change-me-admin-token-0001,operator:change-me-operator-token-01',
      KAFKA_BROKERS: 'kafka:9092',
      DATABASE_URL: 'postgres://tsunagu:tsunagu@postgres:5432/tsunagu',
    });
    expect(blocking.sort()).toEqual(['api-tokens-strong', 'database-credentials', 'device-secret-key', 'http-tls', 'kafka-tls', 'mqtt-no-plaintext', 'mqtt-tls', 'mqtt-ws-origins', 'mqtt-ws-tls', 'postgres-tls']);
  });

  it('never puts a secret into its messages', async () => {
    const weak = 'admin:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,operator:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    const { report } = await violations({ ...compliantEnv(), API_TOKENS: weak, KAFKA_SASL_PASSWORD: 'hunter2hunter2' });
    const text = JSON.stringify(report.blocking.map((o) => o.problem));
    expect(text).toContain('the operator and admin roles share one token');
    expect(text).not.toContain('aaaaaaaaaaaa');
    expect(text).not.toContain('hunter2');
  });

  it('advisory rules are logged, not refused', async () => {
    const env = { ...compliantEnv(), LOG_LEVEL: 'debug', KAFKA_SASL_MECHANISM: undefined, KAFKA_SASL_USERNAME: undefined, KAFKA_SASL_PASSWORD: undefined };
    const { blocking, advisories } = await violations(env);
    expect(blocking).toEqual([]);
    expect(advisories.sort()).toEqual(['kafka-authenticated', 'log-level-not-debug']);
    await expect(enforceSecurityProfile(RULES, { env }, createLogger('test'))).resolves.toBeDefined();
  });

  it('a waiver with a reason lets a rule pass in production; a waiver without one, or of an unknown rule, is refused', async () => {
    const env = { ...compliantEnv(), HTTP_TLS_CERT_FILE: undefined, HTTP_TLS_KEY_FILE: undefined };
    const waived = await enforceSecurityProfile(RULES, { env: { ...env, SECURITY_WAIVERS: 'http-tls:the service mesh encrypts pod traffic' } }, createLogger('test'));
    expect(waived.waived.map((o) => o.rule.id)).toEqual(['http-tls']);
    await expect(evaluateSecurityRules(RULES, { env: { ...env, SECURITY_WAIVERS: 'http-tls' } })).rejects.toThrow(/http-tls needs a reason/);
    await expect(evaluateSecurityRules(RULES, { env: { ...env, SECURITY_WAIVERS: 'htp-tls:typo in the rule id' } })).rejects.toThrow(/unknown rule htp-tls/);
  });

  it('the development profile starts anyway and says which rules it relaxes', async () => {
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    const report = await enforceSecurityProfile(RULES, { env: { TSUNAGU_PROFILE: 'development' } }, createLogger('test')).finally(() =>
      setLogSink((line) => process.stdout.write(line + '\n')),
    );
    expect(report.blocking.length).toBeGreaterThan(0);
    expect(JSON.stringify(lines)).toContain('api-tokens-configured');
    expect(JSON.stringify(lines)).toContain('mqtt-no-plaintext');
  });
});
