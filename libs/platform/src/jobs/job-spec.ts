import { Inject, Injectable, type OnApplicationBootstrap, type Type } from '@nestjs/common';
import type { Counter } from 'prom-client';
import type { Clock } from '../clock/clock';
import { createLogger, type Logger } from '../logging/logger';
import type { Metrics } from '../metrics/metrics';
import { PLATFORM_TOKENS } from '../nest/platform.tokens';
import { IntervalJob } from './interval-job';

/** What a job's run gets besides its services. */
export interface JobContext<O> {
  /** the job's name (e.g. the origin of what a run writes: `job:quiet-lines`) */
  readonly name: string;
  readonly options: O;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** A job declared as data: its name, the services it calls, how often, and the run. */
export interface JobSpec<D extends readonly unknown[], O, R> {
  /** kebab-case, unique in the service: `offline-sweep` (the class Nest shows is `job:<name>`) */
  readonly name: string;
  /** the services a run calls, handed to `run` in this order */
  readonly services: { readonly [K in keyof D]: Type<D[K]> };
  /** injection token of the service's options */
  readonly options: string;
  /** ms between runs, from the options */
  readonly intervalMs: (options: O) => number;
  readonly run: (job: JobContext<O>, ...services: D) => Promise<R>;
  /** a counter that each run adds its result to, for a run that resolves to how many it did */
  readonly counter?: { readonly name: string; readonly help: string };
  /** runs once at start-up too (the schedule's first tick is an interval away); a failure there is logged and the schedule retries */
  readonly runAtStart?: boolean;
  /** logger namespace; `jobs.<name>` unless given */
  readonly logger?: string;
}

/**
 * The usual interval job, written as a spec instead of a class (as `consumerOf` is
 * for consumers): the kernel makes the injectable class, which the service lists
 * in `jobs` and a test gets from the application to call `run()`.
 */
export function jobOf<const D extends readonly unknown[], O, R>(spec: JobSpec<D, O, R>): Type<IntervalJob<R>> {
  @Injectable()
  class SpecJob extends IntervalJob<R> implements OnApplicationBootstrap {
    readonly name = spec.name;
    readonly intervalMs: number;
    private readonly context: JobContext<O>;
    private readonly services: D;
    private readonly counter: Counter<string> | undefined;

    constructor(options: O, clock: Clock, metrics: Metrics, ...services: unknown[]) {
      super();
      this.intervalMs = spec.intervalMs(options);
      this.context = { name: spec.name, options, clock, logger: createLogger(spec.logger ?? `jobs.${spec.name}`) };
      this.services = services as unknown as D;
      this.counter = spec.counter && metrics.counter(spec.counter.name, spec.counter.help);
    }

    onApplicationBootstrap(): void {
      if (!spec.runAtStart) return;
      this.run().catch((err: Error) => this.context.logger.warn('start-up run failed; the schedule retries', { job: spec.name, error: err }));
    }

    protected async execute(): Promise<R> {
      const result = await spec.run(this.context, ...this.services);
      if (typeof result === 'number') this.counter?.inc(result);
      return result;
    }
  }
  const tokens = [spec.options, PLATFORM_TOKENS.clock, PLATFORM_TOKENS.metrics, ...(spec.services as readonly Type[])];
  tokens.forEach((token, index) => Inject(token)(SpecJob, undefined, index));
  Object.defineProperty(SpecJob, 'name', { value: `job:${spec.name}` });
  return SpecJob;
}
