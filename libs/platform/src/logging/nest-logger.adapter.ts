import type { LoggerService } from '@nestjs/common';
import { Logger } from './logger';

/** Routes Nest's own log lines through the JSON logger. */
export class NestLoggerAdapter implements LoggerService {
  private readonly logger = new Logger('nest');

  log(message: unknown, context?: string): void {
    this.logger.info(String(message), context ? { context } : {});
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error(String(message), { ...(context ? { context } : {}), ...(trace ? { trace } : {}) });
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn(String(message), context ? { context } : {});
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug(String(message), context ? { context } : {});
  }
  verbose(message: unknown, context?: string): void {
    this.logger.debug(String(message), context ? { context } : {});
  }
}
