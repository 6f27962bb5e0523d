import { readFileSync } from 'node:fs';
import mqtt from 'mqtt';
import { WebSocket, type ClientOptions } from 'ws';
import { TOPICS, type MachineTelemetryV1 } from '@tsunagu/contracts';
import type { KafkaBus } from '@tsunagu/platform';
import { createCa, issueCertificate, issueServerCertificate } from '../../../scripts/dev-certs';
import type { RunningApp } from '../../../test/support/app-harness';
import { freePort } from '../../../test/support/kafka-broker';
import { collectTopic, expectEventually, uniqueId } from '../../../test/support/test-env';
import { testResources } from '../../../test/support/test-resources';
import { IngestBrokerModule } from '../src/ingest-broker.module';
import { connackCodeOf, connectDevice, publishReading } from './ingest-fixtures';

/**
 * Encryption in transit and X.509 device authentication: mqtts and wss with the
 * broker's certificate (a CA made with openssl at test time), no plain listener,
 * device certificates from the device CA in place of a password.
 */
describe('ingest broker over TLS', () => {
  const resources = testResources();
  let ca: Buffer;
  let certs: { device: { cert: Buffer; key: Buffer }; stranger: { cert: Buffer; key: Buffer }; wrongCn: { cert: Buffer; key: Buffer } };
  let bus: KafkaBus;
  let app: RunningApp;
  let tlsPort: number;
  let wsPort: number;
  let plainPort: number;
  const certDeviceId = uniqueId('mch-x509-');
  const load = (f: { cert: string; key: string }) => ({ cert: readFileSync(f.cert), key: readFileSync(f.key) });

  beforeAll(async () => {
    const dir = resources.tempDir('tsunagu-tls-');
    const authority = createCa(dir);
    const otherAuthority = createCa(dir, 'other-ca', '/CN=Someone else');
    const server = issueServerCertificate(authority, dir);
    ca = readFileSync(authority.cert);
    certs = {
      device: load(issueCertificate(authority, dir, 'device', { cn: certDeviceId, client: true })),
      stranger: load(issueCertificate(otherAuthority, dir, 'stranger', { cn: certDeviceId, client: true })),
      wrongCn: load(issueCertificate(authority, dir, 'wrong-cn', { cn: 'mch-someone-else', client: true })),
    };
    bus = resources.kafkaBus(uniqueId('tls-'));
    [tlsPort, wsPort, plainPort] = [await freePort(), await freePort(), await freePort()];
    ({ app } = await resources.startedApp({
      serviceName: 'ingest-tls',
      bus,
      modules: [
        IngestBrokerModule.register({
          mqttPort: plainPort,
          plaintext: false,
          wsPort,
          wsAllowedOrigins: ['https://dashboard.example.org'],
          tls: { port: tlsPort, cert: readFileSync(server.cert), key: readFileSync(server.key), clientCa: ca },
        }),
      ],
    }));
  });

  const provision = async (deviceId?: string) => {
    const res = await app.request('POST', '/devices', { body: { kind: 'machine', model: 'dump-truck-40t', ...(deviceId ? { deviceId } : {}) } });
    return { deviceId: res.body.deviceId as string, password: res.body.password as string };
  };

  it('accepts a device that trusts the broker certificate and delivers its telemetry', async () => {
    const creds = await provision();
    const client = await connectDevice(`mqtts://127.0.0.1:${tlsPort}`, creds, { ca, servername: 'localhost' });
    await publishReading(client, creds.deviceId, 3);
    const records = await collectTopic(bus, [TOPICS.machineTelemetry]);
    await expectEventually(() => expect(records.json<MachineTelemetryV1>().map((r) => r.deviceId)).toContain(creds.deviceId));
    await records.stop();
    await client.endAsync();
  });

  it('fails the handshake for a client that does not trust the certificate', async () => {
    const outcome = await connackCodeOf(connectDevice(`mqtts://127.0.0.1:${tlsPort}`, { deviceId: 'x', password: 'y' }, { rejectUnauthorized: true }));
    expect(outcome).not.toBe('connected');
  });

  it('serves no plain MQTT when plaintext is off', async () => {
    const outcome = await connackCodeOf(connectDevice(`mqtt://127.0.0.1:${plainPort}`, { deviceId: 'x', password: 'y' }, { connectTimeout: 2000 }));
    expect(outcome).not.toBe('connected');
  });

  describe('X.509 device authentication', () => {
    const viaCertificate = (clientId: string, cert: { cert: Buffer; key: Buffer }) =>
      mqtt.connectAsync(`mqtts://127.0.0.1:${tlsPort}`, { clientId, ca, servername: 'localhost', ...cert, reconnectPeriod: 0, connectTimeout: 5000 });

    it('a device with a certificate from the device CA whose CN is its id connects without a password and publishes', async () => {
      await provision(certDeviceId);
      const records = await collectTopic(bus, [TOPICS.machineTelemetry]);
      const client = await viaCertificate(certDeviceId, certs.device);
      await publishReading(client, certDeviceId, 7);
      await expectEventually(() => expect(records.json<MachineTelemetryV1>().filter((r) => r.deviceId === certDeviceId).map((r) => r.seq)).toEqual([7]));
      await records.stop();
      await client.endAsync();
    });

    it('refuses a certificate from another CA (CONNACK 5), even for a known device id', async () => {
      expect(await connackCodeOf(viaCertificate(certDeviceId, certs.stranger))).toBe(5);
    });

    it('refuses a certificate whose CN is not the client id (CONNACK 5)', async () => {
      const other = await provision();
      expect(await connackCodeOf(viaCertificate(other.deviceId, certs.wrongCn))).toBe(5);
      // the other device's own password cannot rescue a certificate that names someone else
      expect(await connackCodeOf(mqtt.connectAsync(`mqtts://127.0.0.1:${tlsPort}`, { clientId: other.deviceId, username: other.deviceId, password: other.password, ca, servername: 'localhost', ...certs.wrongCn, reconnectPeriod: 0 }))).toBe(5);
    });

    it('a disabled device is refused with its certificate too', async () => {
      await app.request('POST', `/devices/${certDeviceId}/disable`);
      expect(await connackCodeOf(viaCertificate(certDeviceId, certs.device))).toBe(5);
      await app.request('POST', `/devices/${certDeviceId}/enable`);
    });
  });

  describe('MQTT over WebSocket', () => {
    const viaWs = (creds: { deviceId: string; password: string }, origin: string) =>
      connectDevice(`wss://127.0.0.1:${wsPort}`, creds, { ca, servername: 'localhost', wsOptions: { headers: { origin } } });

    it('is served over TLS (wss) and accepts an allowed origin', async () => {
      const creds = await provision();
      expect(await connackCodeOf(viaWs(creds, 'https://dashboard.example.org'))).toBe('connected');
    });

    it('refuses the upgrade from another origin (401 before any MQTT byte)', async () => {
      const upgrade = (origin: string) =>
        new Promise<number>((resolve) => {
          const socket = new WebSocket(`wss://127.0.0.1:${wsPort}`, 'mqtt', { origin, ca, servername: 'localhost' } as ClientOptions);
          socket.once('open', () => (socket.close(), resolve(101)));
          socket.once('unexpected-response', (_req, res) => (socket.terminate(), resolve(res.statusCode ?? 0)));
          socket.once('error', () => resolve(-1));
        });
      expect(await upgrade('https://evil.example.com')).toBe(401);
      expect(await upgrade('https://dashboard.example.org')).toBe(101);
    });
  });
});
