import { HttpStatus } from '@nestjs/common';
import { codedException } from '@tsunagu/platform';
import { PAPER_LABEL } from './trading.constants';

/** Why a trading request failed, and the HTTP status each code is answered with; every error answer carries the paper-trading label too. */
export class TradingException extends codedException(
  {
    orderNotFound: ['ORDER_NOT_FOUND', HttpStatus.NOT_FOUND],
    /** the kill switch is already in the requested state (the details name the allowed change) */
    invalidTransition: ['INVALID_TRANSITION', HttpStatus.CONFLICT],
  },
  { body: PAPER_LABEL },
) {}
export const TRADING_ERROR = TradingException.code;
