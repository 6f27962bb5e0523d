import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setLogLevel } from '@tsunagu/platform/logging/logger';
import { DeviceAgent } from './device-agent';
import { startPlainBroker, type PlainBroker } from './testing/plain-broker';

setLogLevel('silent');

/** A throw-away CA and a server certificate for 127.0.0.1, made with the openssl CLI. */
function makeCertificates(dir: string): { ca: string; key: Buffer; cert: Buffer } {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '1', '-subj', '/CN=tsunagu test CA');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
  fs.writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  run('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '1', '-extfile', 'san.ext');
  return { ca: path.join(dir, 'ca.pem'), key: fs.readFileSync(path.join(dir, 'server.key')), cert: fs.readFileSync(path.join(dir, 'server.pem')) };
}

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
})();

(hasOpenssl ? describe : describe.skip)('DeviceAgent over TLS', () => {
  let broker: PlainBroker;
  let ca: string;

  beforeAll(async () => {
    const certs = makeCertificates(fs.mkdtempSync(path.join(os.tmpdir(), 'agent-tls-')));
    ca = certs.ca;
    broker = await startPlainBroker({ passwords: { 'dev-1': 'secret-1' }, tls: { key: certs.key, cert: certs.cert } });
  });
  afterAll(async () => broker?.close());

  it('connects to an mqtts:// broker whose certificate the CA file vouches for', async () => {
    const agent = new DeviceAgent({ url: broker.url, deviceId: 'dev-1', password: 'secret-1', caFile: ca });
    await agent.start();
    agent.publishTelemetry({ coolantTempC: 80 });
    expect(await agent.drain(5000)).toBe(true);
    await agent.stop();
    expect(broker.published.some((p) => p.topic.endsWith('/telemetry'))).toBe(true);
  });

  it('without the CA file: a TLS failure naming the fix, not a stack', async () => {
    const agent = new DeviceAgent({ url: broker.url, deviceId: 'dev-1', password: 'secret-1' });
    await agent.start();
    const deadline = Date.now() + 5000;
    while (agent.stats().failedConnects === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await agent.stop({ abrupt: true });
    expect(agent.stats().lastFailure).toMatchObject({ kind: 'tls', message: expect.stringMatching(/TLS handshake .* failed \(.*\); check the CA file/) });
  });
});
