import { serviceModuleClass, serviceOptions, serviceDefinition } from '@tsunagu/platform';
import { deadLettersEnv, deadLettersOptionsFromEnv, type DeadLettersOptions } from './dead-letters.config';
import { DEAD_LETTERS_OPTIONS } from './dead-letters.constants';
import { DEAD_LETTERS_TABLES } from './dead-letters.tables';
import { LETTERS_CONSUMERS } from './letters/letters.consumers';
import { LettersController } from './letters/letters.controller';
import { LettersRepository } from './letters/letters.repository';
import { LettersService } from './letters/letters.service';
import { DeadLettersInit1766000000100 } from './migrations/1766000000100-dead-letters-init';

/** The dead-letter office as the kernel builds it: schema, table, one consumer per dead-letter topic, HTTP. */
export const DEAD_LETTERS_SERVICE = serviceDefinition<DeadLettersOptions>({
  name: 'dead-letters',
  migrations: [DeadLettersInit1766000000100],
  tables: DEAD_LETTERS_TABLES,
  options: serviceOptions(DEAD_LETTERS_OPTIONS, deadLettersEnv, deadLettersOptionsFromEnv),
  consumers: LETTERS_CONSUMERS,
  controllers: [LettersController],
  providers: [LettersRepository, LettersService],
});

/**
 * The dead-letter office: every record a consumer refused (and every MQTT message
 * the broker rejected), kept with its reason, origin and payload until an operator
 * sends it back to its topic or discards it.
 */
export const DeadLettersModule = serviceModuleClass('DeadLettersModule', DEAD_LETTERS_SERVICE);
