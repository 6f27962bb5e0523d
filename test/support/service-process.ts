/**
 * A service as its own OS process (`apps/<app>/src/main.ts`, compiled on the fly by
 * swc), the way it runs in production: for tests that kill a process (SIGKILL) and
 * start it again. Output is kept (last lines) for the failure message.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import * as readline from 'node:readline';

const REPO_ROOT = resolve(__dirname, '..', '..');
const LINES_KEPT = 60;

export interface ServiceProcessOptions {
  /** the app folder under apps/ */
  readonly app: string;
  /** environment on top of a minimal one (PATH, HOME) */
  readonly env: Record<string, string>;
  readonly httpPort: number;
  readonly startTimeoutMs?: number;
  /**
   * its own process group, killed as a whole: what a crash of the host or container
   * does to a process with children (the all-in-one process' embedded PostgreSQL)
   */
  readonly group?: boolean;
  /** node options before the script (e.g. `--cpu-prof`, which NODE_OPTIONS does not take) */
  readonly nodeArgs?: readonly string[];
}

export class ServiceProcess {
  private child: ChildProcess | null = null;
  private lines: string[] = [];

  constructor(private readonly opts: ServiceProcessOptions) {}

  get running(): boolean {
    return this.child !== null;
  }

  get app(): string {
    return this.opts.app;
  }

  /** the OS process id while it runs */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get url(): string {
    return `http://127.0.0.1:${this.opts.httpPort}`;
  }

  /** Starts the process and resolves once it answers `/health/live`. */
  async start(extraEnv: Record<string, string> = {}): Promise<void> {
    if (this.child) throw new Error(`${this.opts.app} is already running`);
    this.lines = [];
    const child = spawn(process.execPath, [...(this.opts.nodeArgs ?? []), '-r', '@swc-node/register', resolve(REPO_ROOT, 'apps', this.opts.app, 'src', 'main.ts')], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HTTP_PORT: String(this.opts.httpPort), LOG_LEVEL: 'warn', ...this.opts.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: this.opts.group ?? false,
    });
    this.child = child;
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        this.lines.push(line);
        if (this.lines.length > LINES_KEPT) this.lines.shift();
      });
    }
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code, signal) => {
        // gone: a kill() after a failed start has nothing to wait for
        if (this.child === child) this.child = null;
        reject(new Error(`${this.opts.app} exited (${code ?? signal}) while starting:\n${this.output()}`));
      }),
    );
    const deadline = Date.now() + (this.opts.startTimeoutMs ?? 60_000);
    const ready = (async () => {
      while (Date.now() < deadline) {
        try {
          if ((await fetch(`${this.url}/health/live`)).ok) return;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`${this.opts.app} did not answer /health/live in time:\n${this.output()}`);
    })();
    await Promise.race([ready, exited]);
    child.removeAllListeners('exit');
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
  }

  /** Kills the process (SIGKILL by default: nothing runs after it) and waits for it to be gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      this.child = null;
      return;
    }
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    if (this.opts.group && child.pid) process.kill(-child.pid, signal);
    else child.kill(signal);
    await gone;
    this.child = null;
  }

  output(): string {
    return this.lines.join('\n');
  }
}
