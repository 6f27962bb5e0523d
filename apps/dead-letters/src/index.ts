/** The dead-letter office's public entry (the all-in-one process and tests import only this). */
export { DeadLettersModule, DEAD_LETTERS_SERVICE } from './dead-letters.module';
export { deadLettersEnv, type DeadLettersOptions } from './dead-letters.config';
export { DEAD_LETTERS_SCHEMA, DEAD_LETTER_SOURCES } from './dead-letters.constants';
