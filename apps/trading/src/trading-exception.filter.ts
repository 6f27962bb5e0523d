import { HttpStatus } from '@nestjs/common';
import { codedExceptionFilter } from '@tsunagu/platform';
import { PAPER_LABEL } from './trading.constants';
import { TRADING_ERROR, TradingException } from './trading.exception';

/** Maps trading error codes to HTTP: 404 for an unknown order, 409 (with the allowed change) for a kill switch already in the requested state. */
export const TradingExceptionFilter = codedExceptionFilter(
  TradingException,
  { [TRADING_ERROR.orderNotFound]: HttpStatus.NOT_FOUND, [TRADING_ERROR.invalidTransition]: HttpStatus.CONFLICT },
  PAPER_LABEL,
);
