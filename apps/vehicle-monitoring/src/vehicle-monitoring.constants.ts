/** Fixed names of vehicle monitoring: its schema, consumer group and injection tokens. */
export const VEHICLE_MONITORING = {
  serviceName: 'vehicle-monitoring',
  schema: 'vehicle_monitoring',
  consumerGroup: 'vehicle-monitoring',
} as const;

export const VEHICLE_MONITORING_TOKENS = {
  options: 'vehicle-monitoring.options',
  clock: 'vehicle-monitoring.clock',
  dataSource: 'vehicle-monitoring.data-source',
} as const;

/** Wall clock of the offline sweep (the analysis itself runs on the readings' `ts`). */
export interface Clock {
  now(): number;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now() };
