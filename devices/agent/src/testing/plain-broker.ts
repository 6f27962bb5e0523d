/**
 * A plain aedes broker on a real socket, for the agent's own specs: accepts one
 * password per device and records every publish. (The platform's ingest broker is
 * used by the integration tests.)
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Aedes, AedesOptions, AedesPublishPacket } from 'aedes';

// aedes 1.x is ESM-only. Node ≥ 20.19 can require() ES modules natively; jest's own
// `module` shim cannot, so take createRequire from the real built-in.
const nativeRequire = (process.getBuiltinModule('node:module') as typeof import('node:module')).createRequire(__filename);

export interface PlainBroker {
  readonly url: string;
  readonly port: number;
  readonly published: AedesPublishPacket[];
  readonly aedes: Aedes;
  /** stops listening and drops every client (the port stays reserved for `restart`) */
  stop(): Promise<void>;
  /** listens again on the same port */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startPlainBroker(options: {
  passwords: Record<string, string>;
  port?: number;
  /** PEM key and certificate: listen with TLS (`mqtts://`) */
  tls?: { key: Buffer; cert: Buffer };
}): Promise<PlainBroker> {
  const published: AedesPublishPacket[] = [];
  let aedes: Aedes;
  let server: net.Server;
  let port = options.port ?? 0;

  async function start(): Promise<void> {
    const { Aedes: AedesClass } = nativeRequire('aedes') as { Aedes: { createBroker(o: AedesOptions): Promise<Aedes> } };
    aedes = await AedesClass.createBroker({
      authenticate: (_client, username, password, done) => {
        const ok = username !== undefined && options.passwords[username] === password?.toString('utf8');
        if (ok) return done(null, true);
        const err = Object.assign(new Error('bad credentials'), { returnCode: 4 });
        done(err as Parameters<typeof done>[0], false);
      },
    });
    aedes.on('publish', (packet, client) => {
      if (client) published.push(packet);
    });
    const handle = aedes.handle as (socket: net.Socket) => void;
    server = options.tls ? tls.createServer({ key: options.tls.key, cert: options.tls.cert }, handle) : net.createServer(handle);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.address() as net.AddressInfo).port;
  }

  async function stop(): Promise<void> {
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  await start();
  return {
    get url() {
      return `${options.tls ? 'mqtts' : 'mqtt'}://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    published,
    get aedes() {
      return aedes;
    },
    stop,
    restart: start,
    close: stop,
  };
}
