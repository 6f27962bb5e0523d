import { HttpStatus } from '@nestjs/common';
import { codedException, codedExceptionFilter } from '@tsunagu/platform';
import { PAPER_LABEL } from './trading.constants';

/** Why a trading request failed, and the HTTP status each code is answered with. */
export class TradingException extends codedException({
  orderNotFound: ['ORDER_NOT_FOUND', HttpStatus.NOT_FOUND],
  /** the kill switch is already in the requested state (the details name the allowed change) */
  invalidTransition: ['INVALID_TRANSITION', HttpStatus.CONFLICT],
}) {}
export const TRADING_ERROR = TradingException.code;

/** Every error answer carries the paper-trading label too. */
export const TradingExceptionFilter = codedExceptionFilter(TradingException, PAPER_LABEL);
