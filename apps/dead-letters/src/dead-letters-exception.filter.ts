import { HttpStatus } from '@nestjs/common';
import { codedExceptionFilter } from '@tsunagu/platform';
import { DEAD_LETTERS_ERROR, DeadLettersException } from './dead-letters.exception';

/** 404 unknown letter, 409 a letter already redriven or discarded. */
export const DeadLettersExceptionFilter = codedExceptionFilter(DeadLettersException, {
  [DEAD_LETTERS_ERROR.letterNotFound]: HttpStatus.NOT_FOUND,
  [DEAD_LETTERS_ERROR.alreadyResolved]: HttpStatus.CONFLICT,
});
