/**
 * The bench's side of the end-to-end load generator (./e2e-load.ts, its own process):
 * starts it, hands it one step at a time, passes its trigger lines on and its
 * progress lines to `log`, and ends it (killed if it will not go).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import * as readline from 'node:readline';
import type { LoadReport } from '../../simulators/src/load/load-runner';

export interface GeneratorInput {
  readonly mqttUrl: string;
  readonly apiUrl?: string;
  readonly token?: string;
  readonly devices: number;
  readonly runId: string;
  readonly faultEvery: number;
  /** unacknowledged readings per device at most */
  readonly window: number;
}

export interface StepResult {
  readonly report: LoadReport;
  /** the generator's own CPU during the step */
  readonly cpuMs: number;
}

/** connecting the fleet again, the settle for the last PUBACKs (5 s) and the disconnects, on a loaded machine */
const STEP_GRACE_MS = 60_000;

type Line = { type: 'ready'; devices: number } | { type: 'trigger'; findingId: string; at: number } | ({ type: 'step' } & StepResult);

export class LoadGenerator {
  private stepDone: ((r: StepResult) => void) | null = null;
  private failed: ((err: Error) => void) | null = null;

  private constructor(private readonly child: ChildProcess) {}

  get pid(): number | undefined {
    return this.child.pid;
  }

  static async start(input: GeneratorInput, opts: { onTrigger(findingId: string, at: number): void; log(line: string): void }): Promise<LoadGenerator> {
    const root = resolve(__dirname, '..', '..');
    const child = spawn(process.execPath, ['-r', '@swc-node/register', resolve(__dirname, 'e2e-load.ts'), JSON.stringify(input)], {
      cwd: root,
      env: { ...process.env, SWC_NODE_PROJECT: resolve(root, 'tsconfig.json') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const gen = new LoadGenerator(child);
    readline.createInterface({ input: child.stderr! }).on('line', opts.log);
    const ready = new Promise<void>((done, fail) => {
      gen.failed = fail;
      readline.createInterface({ input: child.stdout! }).on('line', (text) => {
        const line = JSON.parse(text) as Line;
        if (line.type === 'ready') done();
        else if (line.type === 'trigger') opts.onTrigger(line.findingId, line.at);
        else gen.stepDone?.({ report: line.report, cpuMs: line.cpuMs });
      });
    });
    child.once('exit', (code, signal) => gen.failed?.(new Error(`the load generator exited (${code ?? signal})`)));
    await ready;
    return gen;
  }

  /** the generator itself is gone (it failed, or a step outlived its deadline and it was killed) */
  get gone(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /**
   * Publishes at `rate` readings/s for `seconds` (after a ramp of `rampSec`). A step that
   * has not reported `graceMs` after it should have ended (its connections, the settle
   * for the last PUBACKs and the disconnects included) kills the generator and fails:
   * a stalled platform must not keep the bench waiting for ever.
   */
  step(rate: number, seconds: number, rampSec = 1, graceMs = STEP_GRACE_MS): Promise<StepResult> {
    if (this.gone) return Promise.reject(new Error('the load generator is gone'));
    return new Promise<StepResult>((done, fail) => {
      const deadline = setTimeout(() => {
        this.stepDone = null;
        this.failed = null;
        this.kill();
        fail(new Error(`the load generator did not finish a ${seconds} s step at ${rate}/s within ${Math.round((seconds + rampSec) * 1000 + graceMs) / 1000} s; killed`));
      }, (seconds + rampSec) * 1000 + graceMs);
      this.stepDone = (r) => {
        clearTimeout(deadline);
        done(r);
      };
      this.failed = (err) => {
        clearTimeout(deadline);
        fail(err);
      };
      this.child.stdin!.write(`${JSON.stringify({ rate, seconds, rampSec })}\n`);
    });
  }

  async end(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.failed = null;
    const gone = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.stdin!.end('end\n');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await gone;
    clearTimeout(timer);
  }

  /** At once (Ctrl-C, failure). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
