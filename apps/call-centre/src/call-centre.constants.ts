/** The call centre's own PostgreSQL schema. */
export const CALL_CENTRE_SCHEMA = 'call_centre' as const;

/** Injection token of the options object. */
export const CALL_CENTRE_OPTIONS = 'tsunagu.call-centre.options' as const;

/** Consumer group of the incidents consumer (the test bus prefixes it). */
export const CALL_CENTRE_CONSUMER_GROUP = 'call-centre' as const;

/** Actors written into case histories for what the service does by itself. */
export const CALL_CENTRE_ACTORS = {
  /** opening a case from an incident, attaching one, raising the priority */
  system: 'system:call-centre',
  /** the SLA escalation job */
  escalation: 'system:escalation',
} as const;
