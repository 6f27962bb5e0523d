import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@tsunagu/platform';
import { freePort } from '../../test/support/kafka-broker';

/**
 * A CHECKPOINT between two phases of a bench: the dirty pages a service phase left
 * (hundreds of MB of states) are otherwise flushed by the checkpointer during the next
 * phase and counted against it (findings → work orders measured 4 700/s right after the
 * service phase, 6 800–7 300/s alone).
 */
export async function settleDatabase(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

/** The benchmark's PostgreSQL: DATABASE_URL when set, else an embedded one in a temporary folder (removed on close). */
export async function benchDatabase(log: (msg: string) => void): Promise<{ url: string; close(): Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, close: async () => undefined };
  const work = mkdtempSync(join(tmpdir(), 'tsunagu-bench-'));
  chmodSync(work, 0o755); // embedded PostgreSQL runs as its own OS user when we are root
  log('starting an embedded PostgreSQL…');
  const pg = await startEmbeddedPostgres({ dataDir: join(work, 'pg'), port: await freePort(), persistent: false });
  return {
    url: pg.url,
    close: async () => {
      await pg.stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
