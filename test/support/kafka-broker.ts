/**
 * A real single-node Kafka broker (KRaft) for tests: no Docker, jars from Maven Central.
 *
 * The broker config, classpath and JVM options live in scripts/kafka.sh only; this class
 * drives its low-level subcommands (`fetch`, `format`, `run`). `run` execs java, so the
 * spawned child *is* the broker process and receives our signals directly.
 *
 *   const broker = new KafkaBroker({ port: await freePort(), controllerPort: await freePort(), dataDir });
 *   await broker.format();   // optional: start() formats a data dir that was never formatted
 *   await broker.start();    // ready: client port accepts connections and "Kafka Server started" was logged
 *   await broker.stop();     // clean shutdown (SIGTERM); start() again keeps topics and records
 *
 * The broker does not keep the Node process alive once started, and it is killed (SIGKILL)
 * when this process exits or gets SIGINT/SIGTERM/SIGHUP, so a crashed test run leaves no
 * stray JVM behind. Create topics with `admin.createTopics({ waitForLeaders: true })`
 * before producing/consuming; always connect clients to `brokers`, never the controller port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import * as net from 'node:net';
import * as path from 'node:path';
import * as readline from 'node:readline';

export interface KafkaBrokerOptions {
  port: number;
  controllerPort: number;
  dataDir: string;
  log?: (line: string) => void;
  /** server.properties lines that override the defaults (kafka.sh appends `<dataDir>/extra.properties`): extra listeners, TLS, SASL */
  extraProperties?: string;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const KAFKA_SH = path.join(REPO_ROOT, 'scripts', 'kafka.sh');
const READY_LINE = 'Kafka Server started';
const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 20_000;
const POLL_MS = 100;
const LOG_LINES_KEPT = 200;
const LOG_LINES_REPORTED = 40;

export class KafkaBroker {
  private static jars?: Promise<void>;

  private readonly opts: KafkaBrokerOptions;
  private readonly dataDir: string;
  private child?: ChildProcess;
  private starting?: Promise<void>;
  private lines: string[] = [];

  constructor(opts: KafkaBrokerOptions) {
    if (opts.port === opts.controllerPort) {
      throw new Error(`KafkaBroker: port and controllerPort must differ (${opts.port})`);
    }
    this.opts = opts;
    this.dataDir = path.resolve(opts.dataDir);
  }

  /** Bootstrap servers for clients (the PLAINTEXT listener, never the controller port). */
  get brokers(): string[] {
    return [`127.0.0.1:${this.opts.port}`];
  }

  /** The broker's process id while it runs (its CPU time can be read from /proc). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** True while the broker process is alive (started or starting). */
  get running(): boolean {
    return this.child !== undefined;
  }

  /** Resolves the broker jars into infra/kafka/lib/ (Maven, only if missing); once per process. */
  static async ensureJars(): Promise<void> {
    KafkaBroker.jars ??= runKafkaSh(['fetch']).then(
      () => undefined,
      (err: unknown) => {
        KafkaBroker.jars = undefined; // allow a retry
        throw err;
      },
    );
    return KafkaBroker.jars;
  }

  /** Wipes dataDir, writes server.properties and formats the KRaft storage (new cluster id). */
  async format(): Promise<void> {
    if (this.child) throw new Error('KafkaBroker.format(): stop the broker first');
    await KafkaBroker.ensureJars();
    await rm(this.dataDir, { recursive: true, force: true });
    await runKafkaSh(['format', ...this.scriptArgs()]);
  }

  /**
   * Starts the broker on the existing data (formats first only if dataDir was never formatted).
   * Resolves when the client port accepts a TCP connection and the log shows "Kafka Server started".
   */
  async start(): Promise<void> {
    if (this.starting) return this.starting;
    if (this.child) return;
    this.starting = this.doStart().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  /** Clean shutdown: SIGTERM, wait for exit (SIGKILL after 20 s). Data is kept. */
  async stop(): Promise<void> {
    if (this.starting) await this.starting.catch(() => undefined);
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.ref(); // start() unref'ed it: keep the event loop alive until the exit is seen
    child.kill('SIGTERM');
    const killTimer = setTimeout(() => {
      this.log(`KafkaBroker: no exit ${STOP_TIMEOUT_MS / 1000} s after SIGTERM, sending SIGKILL`);
      child.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    try {
      await exited;
    } finally {
      clearTimeout(killTimer);
    }
  }

  private async doStart(): Promise<void> {
    await KafkaBroker.ensureJars();
    if (!existsSync(path.join(this.dataDir, 'data', 'meta.properties'))) await this.format();
    if (this.opts.extraProperties !== undefined) await writeFile(path.join(this.dataDir, 'extra.properties'), this.opts.extraProperties);

    this.lines = [];
    const child = spawn('bash', [KAFKA_SH, 'run', ...this.scriptArgs()], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    liveChildren.add(child);
    installExitHooks();

    let sawReadyLine = false;
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        if (line.includes(READY_LINE)) sawReadyLine = true;
        this.log(line);
      });
    }
    child.once('exit', () => {
      liveChildren.delete(child);
      if (this.child === child) this.child = undefined;
      void rm(path.join(this.dataDir, 'kafka.pid'), { force: true });
    });

    const where = `127.0.0.1:${this.opts.port} (data ${this.dataDir})`;
    const deadline = Date.now() + START_TIMEOUT_MS;
    try {
      await new Promise<void>((resolve, reject) => {
        let settled = false;
        const finish = (err?: Error): void => {
          if (settled) return;
          settled = true;
          child.off('close', onClose);
          child.off('error', onError);
          if (err) reject(err);
          else resolve();
        };
        // 'close' (not 'exit'): all of its output has been read, so the error shows the cause.
        const onClose = (code: number | null, signal: NodeJS.Signals | null): void =>
          finish(this.failure(`Kafka broker exited during startup (code ${code}, signal ${signal}) on ${where}`));
        const onError = (err: Error): void => finish(this.failure(`Kafka broker failed to spawn: ${err.message}`));
        child.once('close', onClose);
        child.once('error', onError);

        const poll = async (): Promise<void> => {
          if (settled) return;
          if (sawReadyLine && (await canConnect(this.opts.port))) return finish();
          if (Date.now() >= deadline) {
            return finish(this.failure(`Kafka broker not ready after ${START_TIMEOUT_MS / 1000} s on ${where}`));
          }
          setTimeout(() => void poll(), POLL_MS);
        };
        void poll();
      });
    } catch (err) {
      if (this.child === child) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      throw err;
    }

    // From here on the broker must not keep the event loop alive (killed on process exit).
    child.unref();
    for (const stream of [child.stdout, child.stderr]) {
      if (stream instanceof net.Socket) stream.unref();
    }
  }

  private scriptArgs(): string[] {
    return [this.dataDir, String(this.opts.port), String(this.opts.controllerPort)];
  }

  private log(line: string): void {
    this.lines.push(line);
    if (this.lines.length > LOG_LINES_KEPT) this.lines.splice(0, this.lines.length - LOG_LINES_KEPT);
    this.opts.log?.(line);
  }

  private failure(message: string): Error {
    const tail = this.lines.slice(-LOG_LINES_REPORTED);
    return new Error(`${message}\n--- last ${tail.length} log lines ---\n${tail.join('\n')}`);
  }
}

/** Asks the OS for a free TCP port on 127.0.0.1 (free now; bind it soon). */
export async function freePort(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close((err) => (err ? reject(err) : port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function runKafkaSh(args: string[]): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const child = spawn('bash', [KAFKA_SH, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`bash scripts/kafka.sh ${args.join(' ')} failed (exit ${code}):\n${output}`));
    });
  });
}

// ---- kill brokers when this process goes away --------------------------------------------

const liveChildren = new Set<ChildProcess>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let exitHookInstalled = false;

function killLiveChildren(): void {
  for (const child of liveChildren) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  liveChildren.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  killLiveChildren();
  // If nobody else handles this signal, restore the default behaviour (terminate).
  if (process.listenerCount(signal) === 1) {
    for (const s of SIGNALS) process.off(s, onSignal);
    process.kill(process.pid, signal);
  }
}

function installExitHooks(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killLiveChildren);
  for (const s of SIGNALS) process.on(s, onSignal);
}
