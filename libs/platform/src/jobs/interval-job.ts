import { createLogger, type Logger } from '../logging/logger';

/**
 * Work that runs on a timer (sweeps, escalations, quiet-line ends). Subclasses say
 * what and how often; `run()` never overlaps itself, so a test calling it while
 * the timer fires waits for the same run. The service kernel schedules every job
 * of a service and stops it before the database closes.
 */
export abstract class IntervalJob<R = unknown> {
  /** kebab-case, unique in the service: `offline-sweep` */
  abstract readonly name: string;
  /** ms between runs */
  abstract readonly intervalMs: number;
  protected abstract execute(): Promise<R>;

  private running: Promise<R> | null = null;

  /** One run now (or the one under way). */
  run(): Promise<R> {
    this.running ??= this.execute().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Resolves when the run under way (if any) has finished. */
  async settled(): Promise<void> {
    await this.running?.catch(() => undefined);
  }
}

/**
 * Schedules jobs; a failing job logs once when it starts failing and once when it
 * recovers (not on every tick), and keeps its schedule.
 */
export class JobScheduler {
  private readonly timers = new Map<IntervalJob, NodeJS.Timeout>();
  private readonly failing = new Set<IntervalJob>();

  constructor(private readonly logger: Logger = createLogger('jobs')) {}

  start(jobs: readonly IntervalJob[]): void {
    for (const job of jobs) {
      if (this.timers.has(job)) continue;
      const timer = setInterval(() => void this.tick(job), job.intervalMs);
      timer.unref();
      this.timers.set(job, timer);
    }
  }

  private async tick(job: IntervalJob): Promise<void> {
    try {
      await job.run();
      if (this.failing.delete(job)) this.logger.info('job recovered', { job: job.name });
    } catch (err) {
      if (!this.failing.has(job)) this.logger.error('job failed (it keeps its schedule)', { job: job.name, error: err as Error });
      this.failing.add(job);
    }
  }

  /** Stops the timers and waits for runs under way. */
  async stop(): Promise<void> {
    const jobs = [...this.timers.keys()];
    this.timers.forEach((t) => clearInterval(t));
    this.timers.clear();
    await Promise.all(jobs.map((j) => j.settled()));
  }
}
