import { HttpStatus } from '@nestjs/common';
import { codedException } from '@tsunagu/platform';

/** Why a dead-letter request failed, and the HTTP status each code is answered with. */
export class DeadLettersException extends codedException({
  letterNotFound: ['LETTER_NOT_FOUND', HttpStatus.NOT_FOUND],
  alreadyResolved: ['ALREADY_RESOLVED', HttpStatus.CONFLICT],
}) {}
export const DEAD_LETTERS_ERROR = DeadLettersException.code;
