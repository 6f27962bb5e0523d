import type { KernelEnv } from '../config/env-fragments';
import type { OutboxOptions } from './outbox';
import type { ConsumerRunnerOptions } from './consumer-runner';

/** How the kernel publishes, relays and consumes, for every service of the process. */
export interface KernelSettings {
  readonly validatePublished: boolean;
  readonly outbox: OutboxOptions;
  readonly consumers: ConsumerRunnerOptions;
}

export const DEFAULT_KERNEL_SETTINGS: KernelSettings = {
  validatePublished: true,
  outbox: { enabled: true, pollMs: 1000, batchSize: 500 },
  consumers: { maxAttempts: 3, stalledAfterMs: 30_000 },
};

export function kernelSettingsFromEnv(env: KernelEnv): KernelSettings {
  return {
    validatePublished: env.PUBLISH_VALIDATION,
    outbox: { enabled: env.OUTBOX_RELAY, pollMs: env.OUTBOX_POLL_MS, batchSize: env.OUTBOX_BATCH },
    consumers: { maxAttempts: env.CONSUMER_MAX_ATTEMPTS, stalledAfterMs: env.CONSUMER_STALLED_AFTER_MS },
  };
}
