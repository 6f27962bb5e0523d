import { Catch, type ArgumentsHost, type ExceptionFilter, type HttpStatus, type Type } from '@nestjs/common';
import type { Response } from 'express';

/**
 * The base of each module's own exception: a code from the module's code list,
 * a message, and details for the client (e.g. the allowed transitions of a 409).
 */
export class CodedException<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * One filter per API: maps a module's exception codes to HTTP statuses and answers
 * `{statusCode, code, message, ...details}` (plus `extraBody`, e.g. a paper-trading label).
 */
export function codedExceptionFilter<C extends string>(
  exception: Type<CodedException<C>>,
  statusOf: Readonly<Record<C, HttpStatus>>,
  extraBody: Readonly<Record<string, unknown>> = {},
): Type<ExceptionFilter> {
  @Catch(exception)
  class CodedExceptionFilter implements ExceptionFilter {
    catch(error: CodedException<C>, host: ArgumentsHost): void {
      const status = statusOf[error.code];
      host
        .switchToHttp()
        .getResponse<Response>()
        .status(status)
        .json({ statusCode: status, code: error.code, message: error.message, ...extraBody, ...error.details });
    }
  }
  Object.defineProperty(CodedExceptionFilter, 'name', { value: `${exception.name}Filter` });
  return CodedExceptionFilter;
}
