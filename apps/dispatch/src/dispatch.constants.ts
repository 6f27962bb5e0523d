/** Fixed names of vehicle dispatch: its service name, schema and consumer groups. */
export const DISPATCH = {
  serviceName: 'dispatch',
  schema: 'dispatch',
  /** latest vehicle positions (compacted topic, read from the beginning) */
  vehiclesGroup: 'dispatch-vehicles',
  disruptionsGroup: 'dispatch-disruptions',
  /** pg_advisory_xact_lock key serialising vehicle assignment across consumers and instances */
  assignmentLockKey: 4_720_001,
  /** the lineage of assignments made because a dispatcher closed a request (its vehicles went to other requests): no Kafka record caused them */
  requestClosedTrigger: 'action:dispatch.close-request',
} as const;

/** Injection token of the options object. */
export const DISPATCH_OPTIONS = 'tsunagu.dispatch.options' as const;

/** Vehicles that can be sent; `incident` and `offline` ones cannot. */
export const DISPATCHABLE_AVAILABILITY = ['parked', 'moving'] as const;
