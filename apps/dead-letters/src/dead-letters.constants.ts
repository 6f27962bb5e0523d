import { TOPICS, deadLetterTopicOf, type TopicName } from '@tsunagu/contracts';

/** The dead-letter office's own PostgreSQL schema. */
export const DEAD_LETTERS_SCHEMA = 'dead_letters' as const;

/** Injection token of the options object. */
export const DEAD_LETTERS_OPTIONS = 'tsunagu.dead-letters.options' as const;

export const DEAD_LETTERS_ROUTE = 'dead-letters' as const;

/** Actor of what the office records by itself. */
export const DEAD_LETTERS_ACTOR = 'system:dead-letters' as const;

/**
 * What the office reads: every topic's `<topic>.dlq` (records a consumer refused,
 * with their Kafka origin) and the ingest broker's rejected MQTT messages (no
 * Kafka origin: they can be discarded, not sent back).
 */
export const DEAD_LETTER_SOURCES: readonly string[] = [
  ...Object.values(TOPICS)
    .filter((t) => t !== TOPICS.telemetryDeadLetter)
    .map((t) => deadLetterTopicOf(t)),
  TOPICS.telemetryDeadLetter,
];

/** Topics a dead letter may be sent back to: those with a contract (not the dead-letter topics). */
export function isRedrivable(topic: string): topic is TopicName {
  return (Object.values(TOPICS) as string[]).includes(topic) && topic !== TOPICS.telemetryDeadLetter;
}

export const LETTER_STATUSES = ['pending', 'redriven', 'discarded'] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];
