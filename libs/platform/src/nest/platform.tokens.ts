/** Injection tokens of the platform's shared dependencies. */
export const PLATFORM_TOKENS = {
  bus: 'tsunagu.message-bus',
  databaseUrl: 'tsunagu.database-url',
  apiTokens: 'tsunagu.api-tokens',
  health: 'tsunagu.health',
  metrics: 'tsunagu.metrics',
  serviceName: 'tsunagu.service-name',
} as const;
