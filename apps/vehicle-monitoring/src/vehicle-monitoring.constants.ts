/** The vehicle-monitoring service's own PostgreSQL schema. */
export const VEHICLE_MONITORING_SCHEMA = 'vehicle_monitoring' as const;

/** Injection token of the options object. */
export const VEHICLE_MONITORING_OPTIONS = 'tsunagu.vehicle-monitoring.options' as const;

/** Injection token of the rule book (the thresholds readings are judged by now, operators' overrides included). */
export const VEHICLE_MONITORING_RULES = 'tsunagu.vehicle-monitoring.rules' as const;

/** Consumer group of the telemetry consumer (the test bus prefixes it). */
export const VEHICLE_MONITORING_CONSUMER_GROUP = 'vehicle-monitoring' as const;
