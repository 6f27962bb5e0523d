import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { PAPER_LABEL } from './trading.constants';
import { TRADING_ERROR, TradingException, type TradingErrorCode } from './trading.exception';

const STATUS_OF: Record<TradingErrorCode, HttpStatus> = {
  [TRADING_ERROR.orderNotFound]: HttpStatus.NOT_FOUND,
  [TRADING_ERROR.invalidTransition]: HttpStatus.CONFLICT,
};

/** Maps trading error codes to HTTP: 404 for an unknown order, 409 (with the allowed change) for a kill switch already in the requested state. */
@Catch(TradingException)
export class TradingExceptionFilter implements ExceptionFilter {
  catch(exception: TradingException, host: ArgumentsHost): void {
    const status = STATUS_OF[exception.code];
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(status)
      .json({ statusCode: status, code: exception.code, message: exception.message, ...PAPER_LABEL, ...exception.details });
  }
}
