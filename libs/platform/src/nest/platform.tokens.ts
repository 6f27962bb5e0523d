/** Injection tokens of the platform's shared dependencies. */
export const PLATFORM_TOKENS = {
  bus: 'tsunagu.message-bus',
  databaseUrl: 'tsunagu.database-url',
  apiTokens: 'tsunagu.api-tokens',
  health: 'tsunagu.health',
  metrics: 'tsunagu.metrics',
  serviceName: 'tsunagu.service-name',
  /** KernelSettings: publishing, outbox, consumers */
  settings: 'tsunagu.kernel-settings',
  /** the wall clock (Clock); tests pass a ManualClock */
  clock: 'tsunagu.clock',
  /** ChangeFeed: every service's commits, for the console's live updates */
  changes: 'tsunagu.changes',
} as const;
