/** Fixed names of vehicle dispatch: its schema and consumer groups. */
export const DISPATCH = {
  serviceName: 'dispatch',
  schema: 'dispatch',
  /** latest vehicle positions (compacted topic, read from the beginning) */
  vehiclesGroup: 'dispatch-vehicles',
  disruptionsGroup: 'dispatch-disruptions',
  /** pg_advisory_xact_lock key serialising vehicle assignment across consumers and instances */
  assignmentLockKey: 4_720_001,
} as const;

export const DISPATCH_TOKENS = {
  options: 'dispatch.options',
  dataSource: 'dispatch.data-source',
  clock: 'dispatch.clock',
} as const;

/** The wall clock the age of vehicle positions is measured against; tests pass a fake one. */
export interface Clock {
  now(): number;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now() };

/** Vehicles that can be sent; `incident` and `offline` ones cannot. */
export const DISPATCHABLE_AVAILABILITY = ['parked', 'moving'] as const;
