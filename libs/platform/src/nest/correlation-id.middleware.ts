import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { holdCorrelationIds, withCorrelationId } from '../logging/logger';

const HEADER = 'x-correlation-id';
const VALID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Every HTTP request runs with a correlation id: the caller's (if sane) or a new one, echoed back. */
export function correlationIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.header(HEADER);
  const id = given && VALID.test(given) ? given : randomUUID();
  res.setHeader(HEADER, id);
  // the ids flow while any request is open, and cost nothing between requests
  const release = holdCorrelationIds();
  res.once('finish', release);
  res.once('close', release);
  withCorrelationId(id, next);
}
