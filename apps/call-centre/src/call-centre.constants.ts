/** Fixed names of the call centre: its schema, consumer group, actors written into case histories. */
export const CALL_CENTRE = {
  serviceName: 'call-centre',
  schema: 'call_centre',
  consumerGroup: 'call-centre',
  /** actor of the changes the service makes on its own */
  systemActor: 'system:call-centre',
  escalationActor: 'system:escalation',
} as const;

export const CALL_CENTRE_TOKENS = {
  options: 'call-centre.options',
  clock: 'call-centre.clock',
  dataSource: 'call-centre.data-source',
} as const;

/** The clock the service reads (tests inject a fake one to move past an SLA). */
export interface Clock {
  now(): number;
}

export const SYSTEM_CLOCK: Clock = { now: () => Date.now() };
