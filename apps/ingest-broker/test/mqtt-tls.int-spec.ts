import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deviceTopic, TOPICS, type MachineTelemetryV1 } from '@tsunagu/contracts';
import type { KafkaBus } from '@tsunagu/platform';
import { startApp, type RunningApp } from '../../../test/support/app-harness';
import { freePort } from '../../../test/support/kafka-broker';
import { collectTopic, createTestBus, createTestDatabase, expectEventually, uniqueId } from '../../../test/support/test-env';
import { IngestBrokerModule } from '../src/ingest-broker.module';
import { connackCodeOf, connectDevice, machineReading } from './ingest-fixtures';

/** Encryption in transit: devices connect over mqtts with the broker's certificate. */
describe('ingest broker over TLS', () => {
  let dir: string;
  let cert: Buffer;
  let bus: KafkaBus;
  let db: { url: string; drop(): Promise<void> };
  let app: RunningApp;
  let tlsPort: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsunagu-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
    cert = readFileSync(join(dir, 'cert.pem'));
    bus = createTestBus(uniqueId('tls-'));
    db = await createTestDatabase();
    tlsPort = await freePort();
    app = await startApp({
      serviceName: 'ingest-tls',
      bus,
      databaseUrl: db.url,
      modules: [IngestBrokerModule.register({ mqttPort: await freePort(), tls: { port: tlsPort, cert, key: readFileSync(join(dir, 'key.pem')) } })],
    });
  });

  afterAll(async () => {
    await app?.close();
    await bus?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts a device that trusts the broker certificate and delivers its telemetry', async () => {
    const res = await app.request('POST', '/devices', { body: { kind: 'machine', model: 'dump-truck-40t' } });
    const creds = { deviceId: res.body.deviceId as string, password: res.body.password as string };
    const client = await connectDevice(`mqtts://127.0.0.1:${tlsPort}`, creds, { ca: cert, servername: 'localhost' });
    await client.publishAsync(deviceTopic(creds.deviceId, 'telemetry'), JSON.stringify(machineReading(3)), { qos: 1 });
    const records = await collectTopic(bus, [TOPICS.machineTelemetry]);
    await expectEventually(() => expect(records.json<MachineTelemetryV1>().map((r) => r.deviceId)).toContain(creds.deviceId));
    await records.stop();
    await client.endAsync();
  });

  it('fails the handshake for a client that does not trust the certificate', async () => {
    const outcome = await connackCodeOf(connectDevice(`mqtts://127.0.0.1:${tlsPort}`, { deviceId: 'x', password: 'y' }, { rejectUnauthorized: true }));
    expect(outcome).not.toBe('connected');
  });
});
