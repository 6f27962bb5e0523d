import { createServer, type AddressInfo } from 'node:net';
import { Aedes, type AedesOptions } from 'aedes';

/** An aedes broker on a free loopback port for the duration of `run` (the benches' baseline: no auth, no validation, no Kafka). */
export async function withAedes<T>(options: AedesOptions, run: (url: string) => Promise<T>): Promise<T> {
  const broker = await Aedes.createBroker({ concurrency: 1000, ...options });
  const server = createServer((socket) => broker.handle(socket));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    return await run(`mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise<void>((r) => broker.close(() => r()));
    await new Promise<void>((r) => server.close(() => r()));
  }
}
