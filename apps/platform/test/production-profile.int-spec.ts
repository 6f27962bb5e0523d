/**
 * The production profile at start-up, on this machine: a service started the way
 * its main starts it (bootstrapService, configured only by environment variables)
 * with TLS on every link — HTTPS, MQTT over TLS and wss, Kafka over SASL_SSL, and
 * PostgreSQL with sslmode=verify-full as a role that is not a superuser — starts
 * and carries a reading end to end; the same configuration with one rule broken
 * refuses to start and names the rule. Certificates come from a CA made at test time.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import mqtt from 'mqtt';
import { Client } from 'pg';
import { deviceTopic, TOPICS, type MachineTelemetryV1 } from '@tsunagu/contracts';
import { ConfigError, bootstrapService, loadConfig, setLogLevel, setLogSink, type KafkaBus } from '@tsunagu/platform';
import { IngestBrokerModule, ingestBrokerEnv, ingestOptionsFromEnv } from '@apps/ingest-broker';
import { createCa, issueServerCertificate } from '../../../scripts/dev-certs';
import { freePort, KafkaBroker } from '../../../test/support/kafka-broker';
import { PostgresProcess } from '../../../test/support/postgres-process';
import { strongSecret } from '../../../test/support/secrets';
import { collectTopic, createTestBus, expectEventually, uniqueId } from '../../../test/support/test-env';
import { machineReading } from '../../ingest-broker/test/ingest-fixtures';

const random = strongSecret;

/** The ingest broker exactly as apps/ingest-broker/src/main.ts starts it. */
const startIngestBroker = (): Promise<INestApplication> =>
  bootstrapService('ingest-broker', (runtime) => [IngestBrokerModule.register(ingestOptionsFromEnv(loadConfig(ingestBrokerEnv), runtime.env, (p) => readFileSync(p)))], {
    embedded: false,
  });

describe('production profile at start-up, TLS on every link', () => {
  let dir: string;
  let ca: Buffer;
  let pg: PostgresProcess;
  let kafka: KafkaBroker;
  let plainBus: KafkaBus;
  let env: Record<string, string>;
  let superuserUrl: string;
  const savedEnv = { ...process.env };
  const tokens = { admin: random(), monitor: random() };
  const ports = { http: 0, mqtt: 0, mqtts: 0, ws: 0, kafkaPlain: 0, kafkaController: 0, kafkaSasl: 0, pg: 0 };
  const topicPrefix = uniqueId('prod-');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsunagu-prod-'));
    const authority = createCa(dir);
    const server = issueServerCertificate(authority, dir);
    ca = readFileSync(authority.cert);
    for (const key of Object.keys(ports) as Array<keyof typeof ports>) ports[key] = await freePort();

    // PostgreSQL over TLS; the service connects as its own role, not the superuser
    const superPassword = random();
    pg = await PostgresProcess.start({ dataDir: join(dir, 'pg'), port: ports.pg, persistent: false, password: superPassword, tls: { certFile: server.cert, keyFile: server.key } });
    const appPassword = random();
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    await admin.query(`CREATE ROLE tsunagu_app LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB PASSWORD '${appPassword}'`);
    await admin.query('CREATE DATABASE tsunagu OWNER tsunagu_app');
    await admin.end();
    const tlsQuery = `sslmode=verify-full&sslrootcert=${encodeURIComponent(authority.cert)}`;
    superuserUrl = `postgres://postgres:${superPassword}@127.0.0.1:${ports.pg}/tsunagu?${tlsQuery}`;

    // Kafka with a SASL_SSL listener (PEM keystore: key and chain in one file) beside the broker's own PLAINTEXT one
    const saslPassword = random();
    const keystore = join(dir, 'kafka-keystore.pem');
    writeFileSync(keystore, readFileSync(server.key, 'utf8') + readFileSync(server.cert, 'utf8'));
    kafka = new KafkaBroker({
      port: ports.kafkaPlain,
      controllerPort: ports.kafkaController,
      dataDir: join(dir, 'kafka'),
      extraProperties: [
        `listeners=PLAINTEXT://127.0.0.1:${ports.kafkaPlain},CONTROLLER://127.0.0.1:${ports.kafkaController},SASL_SSL://127.0.0.1:${ports.kafkaSasl}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${ports.kafkaPlain},SASL_SSL://127.0.0.1:${ports.kafkaSasl}`,
        'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL',
        'sasl.enabled.mechanisms=PLAIN',
        `listener.name.sasl_ssl.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_tsunagu="${saslPassword}";`,
        'ssl.keystore.type=PEM',
        `ssl.keystore.location=${keystore}`,
        '',
      ].join('\n'),
    });
    await kafka.start();
    plainBus = createTestBus(topicPrefix, kafka.brokers);

    env = {
      TSUNAGU_PROFILE: 'production',
      LOG_LEVEL: 'error',
      BIND_HOST: '127.0.0.1',
      API_TOKENS: `admin:${tokens.admin},monitor:${tokens.monitor}`,
      HTTP_PORT: String(ports.http),
      HTTP_TLS_CERT_FILE: server.cert,
      HTTP_TLS_KEY_FILE: server.key,
      KAFKA_BROKERS: `127.0.0.1:${ports.kafkaSasl}`,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: authority.cert,
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: 'tsunagu',
      KAFKA_SASL_PASSWORD: saslPassword,
      KAFKA_TOPIC_PREFIX: topicPrefix,
      KAFKA_TOPIC_PARTITIONS: '1',
      DATABASE_URL: `postgres://tsunagu_app:${appPassword}@127.0.0.1:${ports.pg}/tsunagu?${tlsQuery}`,
      MQTT_PORT: String(ports.mqtt),
      MQTT_PLAINTEXT: 'false',
      MQTT_TLS_PORT: String(ports.mqtts),
      MQTT_TLS_CERT_FILE: server.cert,
      MQTT_TLS_KEY_FILE: server.key,
      MQTT_WS_PORT: String(ports.ws),
      MQTT_WS_ALLOWED_ORIGINS: 'https://dashboard.example.org',
      DEVICE_SECRET_KEY: random(),
    };
  }, 240_000);

  afterEach(() => {
    process.env = { ...savedEnv };
    process.exitCode = undefined;
  });

  afterAll(async () => {
    await plainBus?.close();
    await kafka?.stop();
    await pg?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const https = (method: string, path: string, token: string, body?: unknown) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const req = httpsRequest(
        { host: '127.0.0.1', port: ports.http, path, method, ca, servername: 'localhost', headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
        },
      );
      req.on('error', reject);
      req.end(body ? JSON.stringify(body) : undefined);
    });

  it('starts with a compliant configuration and carries a reading from mqtts through SASL_SSL Kafka; no secret reaches a log line', async () => {
    // every log line of the run, at debug, is scanned for every secret this test created
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    process.env = { ...savedEnv, ...env, LOG_LEVEL: 'debug' };
    const app = await startIngestBroker();
    let devicePassword = '';
    try {
      const health = await expectEventually(async () => {
        const h = await https('GET', '/health', tokens.monitor);
        expect(h).toMatchObject({ status: 200, body: { status: 'up' } });
        return h;
      });
      expect(health.body.probes.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['bus', 'mqtt', 'ingest-broker-db']));
      // plain HTTP is not served on the HTTPS port
      await expect(fetch(`http://127.0.0.1:${ports.http}/health/live`)).rejects.toThrow();

      const device = (await https('POST', '/devices', tokens.admin, { kind: 'machine', model: 'excavator-20t' })).body as { deviceId: string; password: string };
      devicePassword = device.password;
      // a wrong password and a wrong token are logged as refusals, without the values
      await expect(mqtt.connectAsync(`mqtts://127.0.0.1:${ports.mqtts}`, { clientId: device.deviceId, username: device.deviceId, password: `${device.password}x`, ca, servername: 'localhost', reconnectPeriod: 0 })).rejects.toThrow();
      expect((await https('GET', '/devices', `${tokens.admin}x`)).status).toBe(401);
      const records = await collectTopic(plainBus, [TOPICS.machineTelemetry]);
      const client = await mqtt.connectAsync(`mqtts://127.0.0.1:${ports.mqtts}`, {
        clientId: device.deviceId, username: device.deviceId, password: device.password, ca, servername: 'localhost', reconnectPeriod: 0,
      });
      // QoS 1: the PUBACK comes after Kafka (over SASL_SSL) acknowledged the record
      await client.publishAsync(deviceTopic(device.deviceId, 'telemetry'), JSON.stringify(machineReading(1)), { qos: 1 });
      await client.endAsync();
      await expectEventually(() => expect(records.json<MachineTelemetryV1>().map((r) => r.deviceId)).toContain(device.deviceId));
      await records.stop();

      const ws = await mqtt.connectAsync(`wss://127.0.0.1:${ports.ws}`, {
        clientId: device.deviceId, username: device.deviceId, password: device.password, ca, servername: 'localhost', reconnectPeriod: 0,
        wsOptions: { headers: { origin: 'https://dashboard.example.org' } },
      });
      await ws.endAsync();
      await expect(mqtt.connectAsync(`mqtt://127.0.0.1:${ports.mqtt}`, { clientId: 'x', reconnectPeriod: 0, connectTimeout: 2000 })).rejects.toThrow();

      // every connection of the service's database role is encrypted
      const inspector = new Client({ connectionString: superuserUrl });
      await inspector.connect();
      const { rows } = await inspector.query<{ ssl: boolean }>("SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.usename = 'tsunagu_app'");
      await inspector.end();
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.ssl)).toBe(true);
    } finally {
      await app.close();
      setLogSink((line) => process.stdout.write(line + '\n'));
      setLogLevel('error');
    }
    expect(lines.length).toBeGreaterThan(20);
    const secrets = { ...tokens, sasl: env.KAFKA_SASL_PASSWORD!, database: new URL(env.DATABASE_URL!).password, superuser: new URL(superuserUrl).password, device: devicePassword };
    const leaked = Object.entries(secrets).filter(([, secret]) => lines.some((line) => line.includes(secret.slice(0, 16))));
    expect(leaked.map(([name]) => name)).toEqual([]);
  });

  it.each<[string, Record<string, string>]>([
    ['database-not-superuser', { DATABASE_URL: '' }],
    ['mqtt-no-plaintext', { MQTT_PLAINTEXT: 'true' }],
    ['kafka-tls', { KAFKA_BROKERS: '127.0.0.1:1', KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: '', KAFKA_SASL_MECHANISM: '', KAFKA_SASL_USERNAME: '', KAFKA_SASL_PASSWORD: '' }],
  ])('refuses to start when %s is broken, naming the rule (exit code 78)', async (rule, change) => {
    const changed = Object.fromEntries(Object.entries({ ...env, ...change, ...(rule === 'database-not-superuser' ? { DATABASE_URL: superuserUrl } : {}) }).filter(([, v]) => v !== ''));
    process.env = { ...savedEnv, ...changed };
    const refusal = await startIngestBroker().then(
      async (app) => (await app.close(), null),
      (err: unknown) => err,
    );
    expect(refusal).toBeInstanceOf(ConfigError);
    expect((refusal as Error).message).toMatch(new RegExp(`\\[${rule}\\]`));
    expect(process.exitCode).toBe(78);
  });
});
