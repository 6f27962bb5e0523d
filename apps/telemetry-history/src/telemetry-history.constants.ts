/** The telemetry-history service's own PostgreSQL schema. */
export const TELEMETRY_HISTORY_SCHEMA = 'telemetry_history' as const;

export const TELEMETRY_HISTORY_TOKENS = {
  options: 'tsunagu.telemetry-history.options',
} as const;

/** Consumer groups (the test bus prefixes them): one per telemetry topic. */
export const TELEMETRY_HISTORY_GROUPS = {
  machines: 'telemetry-history-machines',
  vehicles: 'telemetry-history-vehicles',
} as const;

/** The routes' common prefix. */
export const TELEMETRY_ROUTE = 'telemetry';
