import { readFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import mqtt, { type MqttClient } from 'mqtt';
import { createCa, issueServerCertificate } from '../../../scripts/dev-certs';
import { appUnderTest } from '../../../test/support/app-under-test';
import type { RunningApp } from '../../../test/support/app-harness';
import { freePort } from '../../../test/support/kafka-broker';
import { uniqueId } from '../../../test/support/test-env';
import { IngestBrokerModule } from '../src/ingest-broker.module';
import { connackCodeOf, connectDevice, type DeviceCredentials } from './ingest-fixtures';

/** A device behind a TCP load balancer that speaks the PROXY protocol (v1): the line names the device's own address. */
function connectViaProxy(port: number, clientAddress: string, creds: DeviceCredentials, tls?: { ca: Buffer }): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = new mqtt.MqttClient(
      () => {
        const socket = tcpConnect(port, '127.0.0.1');
        socket.write(`PROXY TCP4 ${clientAddress} 127.0.0.1 40000 ${port}\r\n`);
        // the PROXY line travels in clear before the TLS handshake, as a balancer sends it
        return tls ? tlsConnect({ socket, ca: tls.ca, servername: 'localhost' }) : socket;
      },
      { clientId: creds.deviceId, username: creds.deviceId, password: creds.password, reconnectPeriod: 0, connectTimeout: 5000, protocolVersion: 4 },
    );
    client.once('connect', () => resolve(client));
    client.once('error', (err) => {
      client.end(true);
      reject(err);
    });
  });
}

/** Credential guessing from one address is cut off without burning a scrypt per attempt. */
describe('ingest broker: failed-connect limit per address', () => {
  const rig = appUnderTest({ serviceName: 'ingest-authlimit', kafka: uniqueId('authlimit-'), ingest: { authMaxFailuresPerMinute: 3, authBlockMs: 60_000 } });

  it('refuses an address with CONNACK 5 after repeated failures, even with the right password', async () => {
    const res = await rig.app.request('POST', '/devices', { body: { kind: 'vehicle', model: 'van-2t' } });
    const creds = { deviceId: res.body.deviceId as string, password: res.body.password as string };
    for (let i = 0; i < 3; i++) expect(await connackCodeOf(connectDevice(rig.mqttUrl, { ...creds, password: `guess-${i}` }))).toBe(4);
    expect(await connackCodeOf(connectDevice(rig.mqttUrl, creds))).toBe(5);
  });

  describe('behind a trusted proxy (PROXY protocol)', () => {
    let proxied: RunningApp;
    let port: number;
    let tlsPort: number;
    let ca: Buffer;

    // closed before the outer describe's app (the resources close in reverse order)
    beforeAll(async () => {
      const dir = rig.resources.tempDir('tsunagu-proxy-');
      const authority = createCa(dir);
      const server = issueServerCertificate(authority, dir);
      ca = readFileSync(authority.cert);
      [port, tlsPort] = [await freePort(), await freePort()];
      proxied = await rig.resources.app({
        serviceName: 'ingest-authlimit-proxy',
        bus: rig.bus,
        databaseUrl: rig.db.url,
        modules: [
          IngestBrokerModule.register({
            mqttPort: port,
            tls: { port: tlsPort, cert: readFileSync(server.cert), key: readFileSync(server.key) },
            authMaxFailuresPerMinute: 3,
            authBlockMs: 60_000,
            trustedProxies: ['127.0.0.1'],
          }),
        ],
      });
    });

    it('reads the PROXY line before the TLS handshake on the mqtts listener', async () => {
      const res = await proxied.request('POST', '/devices', { body: { kind: 'vehicle', model: 'van-2t' } });
      const creds = { deviceId: res.body.deviceId as string, password: res.body.password as string };
      for (let i = 0; i < 3; i++) expect(await connackCodeOf(connectViaProxy(tlsPort, '198.51.100.9', { ...creds, password: `guess-${i}` }, { ca }))).toBe(4);
      expect(await connackCodeOf(connectViaProxy(tlsPort, '198.51.100.9', creds, { ca }))).toBe(5);
      expect(await connackCodeOf(connectViaProxy(tlsPort, '198.51.100.10', creds, { ca }))).toBe('connected');
    });

    it('blocks the guessing client only, not its neighbours behind the same proxy', async () => {
      const res = await proxied.request('POST', '/devices', { body: { kind: 'vehicle', model: 'van-2t' } });
      const creds = { deviceId: res.body.deviceId as string, password: res.body.password as string };
      for (let i = 0; i < 3; i++) expect(await connackCodeOf(connectViaProxy(port, '198.51.100.7', { ...creds, password: `guess-${i}` }))).toBe(4);
      expect(await connackCodeOf(connectViaProxy(port, '198.51.100.7', creds))).toBe(5);
      // same proxy, another client: not blocked
      expect(await connackCodeOf(connectViaProxy(port, '198.51.100.8', creds))).toBe('connected');
    });

    it('drops a connection from the trusted proxy that does not start with a PROXY line', async () => {
      expect(await connackCodeOf(connectDevice(`mqtt://127.0.0.1:${port}`, { deviceId: 'x', password: 'y' }, { connectTimeout: 3000 }))).not.toBe('connected');
    });
  });
});
