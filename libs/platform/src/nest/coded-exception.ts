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

/** A module's error codes as data: by name, the code a client sees and the HTTP status it is answered with. */
export type ErrorCodeTable = Readonly<Record<string, readonly [code: string, status: HttpStatus]>>;

/** The codes of a table. */
export type ErrorCodeOf<T extends ErrorCodeTable> = T[keyof T][0];

/** A module's exception class: its codes by name, each code's HTTP status, and what every answer of it carries. */
export interface CodedExceptionClass<C extends string> extends Type<CodedException<C>> {
  readonly statusOf: Readonly<Record<C, HttpStatus>>;
  readonly body: Readonly<Record<string, unknown>>;
}

/**
 * The base class of a module's exception, from the module's table of codes:
 * `class XException extends codedException({ notFound: ['NOT_FOUND', HttpStatus.NOT_FOUND] }) {}`,
 * thrown as `new XException(XException.code.notFound, message, details)`. `body`
 * is carried by every answer of it (e.g. a paper-trading label).
 */
export function codedException<const T extends ErrorCodeTable>(table: T, options: { readonly body?: Readonly<Record<string, unknown>> } = {}) {
  type C = ErrorCodeOf<T>;
  const entries = Object.entries(table);
  abstract class ModuleException extends CodedException<C> {
    /** the codes by name, to throw with */
    static readonly code = Object.fromEntries(entries.map(([name, [code]]) => [name, code])) as { readonly [K in keyof T]: T[K][0] };
    static readonly statusOf = Object.fromEntries(entries.map(([, [code, status]]) => [code, status])) as Readonly<Record<C, HttpStatus>>;
    static readonly body: Readonly<Record<string, unknown>> = options.body ?? {};
  }
  return ModuleException;
}

/**
 * The one filter of every API (registered by PlatformCoreModule for all routes):
 * a module's exception is answered with the status its class's table gives the
 * code, as `{statusCode, code, message, ...body, ...details}`; a code missing from
 * the table is a 500.
 */
@Catch(CodedException)
export class CodedExceptionFilter implements ExceptionFilter {
  catch(error: CodedException, host: ArgumentsHost): void {
    const exception = error.constructor as Partial<CodedExceptionClass<string>>;
    const status = exception.statusOf?.[error.code] ?? 500;
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(status)
      .json({ statusCode: status, code: error.code, message: error.message, ...exception.body, ...error.details });
  }
}
