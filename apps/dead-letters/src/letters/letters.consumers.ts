import type { DeadLetterV1, TopicName } from '@tsunagu/contracts';
import { consumerOf, type Delivery } from '@tsunagu/platform';
import { DEAD_LETTER_SOURCES } from '../dead-letters.constants';
import { LettersService } from './letters.service';

/**
 * One consumer per dead-letter topic, each its own group (`dead-letters:<topic>`).
 * The kernel reads a `<topic>.dlq` record with the dead-letter contract
 * (`contractOf`), so the deliveries are dead letters whatever the topic's type
 * says: `consumerOf` is typed for contract topics, hence the casts.
 */
export const LETTERS_CONSUMERS = DEAD_LETTER_SOURCES.map((topic) =>
  consumerOf({
    name: `DeadLetters:${topic}`,
    topic: topic as TopicName,
    group: `dead-letters:${topic}`,
    service: LettersService,
    handle: (letters, tx, deliveries) => letters.ingest(tx, deliveries as unknown as ReadonlyArray<Delivery<DeadLetterV1>>),
  }),
);
