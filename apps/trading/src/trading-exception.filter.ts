import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { PAPER_LABEL } from './trading.constants';
import { TRADING_ERROR, TradingException, type TradingErrorCode } from './trading.exception';

const STATUS_OF: Record<TradingErrorCode, HttpStatus> = {
  [TRADING_ERROR.orderNotFound]: HttpStatus.NOT_FOUND,
};

/** Maps trading error codes to HTTP (404 for an unknown order). */
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
