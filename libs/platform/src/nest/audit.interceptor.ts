import { HttpException, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { catchError, from, mergeMap, type Observable, throwError } from 'rxjs';
import { redactSecrets, type AuditEntry, type AuditSink } from '../http/audit-trail';
import { SAFE_METHODS } from '../http/principal';
import { createLogger } from '../logging/logger';
import type { AuthenticatedRequest } from './api-auth.guard';

const logger = createLogger('audit.trail');

/** Bodies larger than this (characters of JSON) are kept as their size only. */
const MAX_BODY_CHARS = 8192;

/** Machines feeding data (POST /tweets, /prices as `publisher`) are not operators acting: not kept. */
const isFeed = (req: AuthenticatedRequest): boolean => req.principal?.kind === 'token' && req.principal.roles.every((r) => r === 'publisher');

function keptBody(body: unknown): unknown {
  const redacted = redactSecrets(body ?? null);
  const size = JSON.stringify(redacted)?.length ?? 0;
  return size > MAX_BODY_CHARS ? { '[truncated]': `${size} characters` } : redacted;
}

/**
 * Keeps every state-changing request that reached a handler in the audit trail:
 * who (the principal the guard resolved), what (the declared route and the path
 * called), the body without secrets, the outcome, when and from where. Reads are
 * not kept, nor are data feeds (the `publisher` role). Without a sink (identity not
 * mounted) entries go to the JSON log only.
 * The response waits for the entry: an action is not answered as done before it
 * is on record.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private sink: AuditSink | null = null;

  useSink(sink: AuditSink): void {
    this.sink = sink;
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (SAFE_METHODS.has(req.method)) return next.handle();
    const base = (Reflect.getMetadata(PATH_METADATA, context.getClass()) as string | undefined) ?? '';
    const route = (Reflect.getMetadata(PATH_METADATA, context.getHandler()) as string | undefined) ?? '';
    const action = `${req.method} /${[base, route].map((p) => p.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
    const entry = (outcome: AuditEntry['outcome'], status: number | null, error: string | null = null): AuditEntry => ({
      at: new Date(),
      actor: req.principal?.name ?? 'anonymous',
      actorKind: req.principal?.kind ?? 'anonymous',
      roles: req.principal?.roles ?? [],
      action,
      path: req.originalUrl.split('?')[0] ?? req.path,
      body: keptBody(req.body),
      outcome,
      status,
      error,
      ip: req.ip ?? null,
    });
    // the guard ran before: the principal is known here
    if (isFeed(req)) return next.handle();
    return next.handle().pipe(
      mergeMap((result) => from(this.keep(entry('done', context.switchToHttp().getResponse<{ statusCode: number }>().statusCode)).then(() => result))),
      catchError((err: unknown) => from(this.keep(entry('refused', err instanceof HttpException ? err.getStatus() : null, errorOf(err)))).pipe(mergeMap(() => throwError(() => err)))),
    );
  }

  private async keep(entry: AuditEntry): Promise<void> {
    logger.info('action', { actor: entry.actor, action: entry.action, path: entry.path, outcome: entry.outcome, status: entry.status });
    if (!this.sink) return;
    try {
      await this.sink.append(entry);
    } catch (err) {
      logger.error('audit entry not stored', { action: entry.action, actor: entry.actor, error: err as Error });
    }
  }
}

/** A module's error code (CodedException) or the error's name. */
function errorOf(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : err instanceof Error ? err.name : 'unknown';
}
