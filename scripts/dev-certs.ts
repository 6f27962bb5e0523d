/**
 * A development certificate authority and certificates, made with `openssl` on
 * this machine (never committed): `npm run certs:dev [-- <dir>] [--device <id>…]`
 * writes `ca.pem`/`ca.key`, `server.pem`/`server.key` (localhost, 127.0.0.1 and the
 * host name) and one `device-<id>.pem`/`.key` per `--device` into `<dir>`
 * (default `.data/certs`). Tests call the same functions in a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export interface CertFiles {
  readonly cert: string;
  readonly key: string;
}

const openssl = (args: readonly string[]): void => void execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });

/** A self-signed CA (EC P-256, valid `days`). */
export function createCa(dir: string, name = 'ca', subject = '/CN=Tsunagu development CA', days = 30): CertFiles {
  mkdirSync(dir, { recursive: true });
  const files = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', String(days), '-subj', subject,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-keyout', files.key, '-out', files.cert]);
  chmodSync(files.key, 0o600);
  return files;
}

/** A certificate issued by `ca`: a server's (subjectAltName) or a client's (CN = device id). */
export function issueCertificate(ca: CertFiles, dir: string, name: string, opts: { cn: string; san?: readonly string[]; client?: boolean; days?: number }): CertFiles {
  const files = { cert: join(dir, `${name}.pem`), key: join(dir, `${name}.key`) };
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, [
    'basicConstraints=CA:FALSE',
    `extendedKeyUsage=${opts.client ? 'clientAuth' : 'serverAuth'}`,
    ...(opts.san?.length ? [`subjectAltName=${opts.san.join(',')}`] : []),
  ].join('\n'));
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${opts.cn}`, '-keyout', files.key, '-out', csr]);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', String(opts.days ?? 30), '-extfile', ext, '-out', files.cert]);
  chmodSync(files.key, 0o600);
  return files;
}

/** The server certificate every local listener can use (MQTT TLS, wss, HTTPS, PostgreSQL, Kafka). */
export function issueServerCertificate(ca: CertFiles, dir: string, name = 'server'): CertFiles {
  return issueCertificate(ca, dir, name, { cn: 'localhost', san: ['DNS:localhost', `DNS:${hostname()}`, 'IP:127.0.0.1', 'IP:::1'] });
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const devices = args.flatMap((a, i) => (args[i - 1] === '--device' ? [a] : []));
  const dir = resolve(args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--device') ?? '.data/certs');
  const ca = createCa(dir);
  const server = issueServerCertificate(ca, dir);
  const issued = devices.map((id) => issueCertificate(ca, dir, `device-${id}`, { cn: id, client: true }));
  process.stdout.write(
    [
      `CA ${ca.cert}; server ${server.cert} (localhost, 127.0.0.1); ${issued.length} device certificate(s)`,
      `MQTT_TLS_CERT_FILE=${server.cert} MQTT_TLS_KEY_FILE=${server.key} MQTT_TLS_CLIENT_CA_FILE=${ca.cert}`,
      `HTTP_TLS_CERT_FILE=${server.cert} HTTP_TLS_KEY_FILE=${server.key}`,
      '',
    ].join('\n'),
  );
}
