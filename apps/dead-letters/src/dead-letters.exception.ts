import { CodedException } from '@tsunagu/platform';

/** Why a dead-letter request failed; the exception filter maps each code to an HTTP status. */
export const DEAD_LETTERS_ERROR = {
  letterNotFound: 'LETTER_NOT_FOUND',
  alreadyResolved: 'ALREADY_RESOLVED',
} as const;
export type DeadLettersErrorCode = (typeof DEAD_LETTERS_ERROR)[keyof typeof DEAD_LETTERS_ERROR];

export class DeadLettersException extends CodedException<DeadLettersErrorCode> {}
