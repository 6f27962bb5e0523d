/** The maintenance service's own PostgreSQL schema. */
export const MAINTENANCE_SCHEMA = 'maintenance' as const;

/** Injection token of the options object. */
export const MAINTENANCE_OPTIONS = 'tsunagu.maintenance.options' as const;

/** Consumer group of the findings consumer (the test bus prefixes it). */
export const MAINTENANCE_CONSUMER_GROUP = 'maintenance' as const;

/** Actor recorded for what the service does by itself (opening a work order from a finding). */
export const SYSTEM_ACTOR = 'system:maintenance' as const;
