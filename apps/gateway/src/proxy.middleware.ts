import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { CircuitBreaker, createLogger, PRINCIPAL_HEADER, PrincipalResolver, signPrincipal } from '@tsunagu/platform';
import type { GatewayOptions, Upstream } from './gateway.config';
import { GATEWAY_OPTIONS, HOP_BY_HOP, UNAVAILABLE } from './gateway.constants';

const logger = createLogger('gateway');

/**
 * Sends each request under a known prefix to its upstream service, on the one
 * origin the console and every API share. Before that: a principal header a
 * client sent is dropped; a bearer token goes on as it is (the services hold the
 * same API_TOKENS); a session is resolved here and passed on signed
 * (GATEWAY_PRINCIPAL_SECRET), the cookie is not. Each upstream has its breaker:
 * while it is open, or when the upstream does not answer, the client gets 503
 * "this feature is currently unavailable" and the rest keeps working.
 */
@Injectable()
export class ProxyMiddleware implements NestMiddleware {
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly byPrefix: ReadonlyMap<string, Upstream>;

  constructor(
    @Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions,
    private readonly principals: PrincipalResolver,
  ) {
    this.byPrefix = new Map(options.upstreams.map((u) => [u.prefix, u]));
    for (const u of options.upstreams) if (!this.breakers.has(u.url)) this.breakers.set(u.url, new CircuitBreaker(options.breakerFailures, options.breakerOpenMs));
  }

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    const prefix = req.originalUrl.split(/[/?]/)[1] ?? '';
    const upstream = this.byPrefix.get(prefix);
    if (!upstream) return next();
    const breaker = this.breakers.get(upstream.url)!;
    if (!breaker.allow()) return this.unavailable(res, upstream, 'open');
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers as IncomingHttpHeaders)) {
      if (value !== undefined && !(HOP_BY_HOP as readonly string[]).includes(name) && name !== PRINCIPAL_HEADER) headers[name] = value;
    }
    if (!req.headers.authorization && this.options.principalSecret) {
      const principal = await this.principals.resolve(req);
      if (principal) headers[PRINCIPAL_HEADER] = signPrincipal(principal, this.options.principalSecret, Date.now());
    }
    headers['x-forwarded-for'] = [req.headers['x-forwarded-for'], req.ip].filter(Boolean).join(', ');
    // Nest has parsed a JSON body already: send it on as JSON; any other body is still a stream
    const parsed = req.body !== undefined && req.is('application/json') ? Buffer.from(JSON.stringify(req.body)) : null;
    if (parsed) headers['content-length'] = String(parsed.length);
    else if (req.headers['content-length']) headers['content-length'] = req.headers['content-length'];
    const target = new URL(req.originalUrl, upstream.url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const call = send(target, { method: req.method, headers, timeout: this.options.timeoutMs }, (answer) => {
      if ((answer.statusCode ?? 502) >= 502 && (answer.statusCode ?? 502) <= 504) breaker.failure();
      else breaker.success();
      const out: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !['connection', 'keep-alive', 'transfer-encoding'].includes(name)) out[name] = value;
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
    });
    call.on('timeout', () => call.destroy(new Error(`no answer within ${this.options.timeoutMs} ms`)));
    call.on('error', (err) => {
      breaker.failure();
      logger.warn('upstream failed', { upstream: upstream.url, path: req.path, error: err.message, breaker: breaker.state });
      if (!res.headersSent) this.unavailable(res, upstream, breaker.state);
      else res.destroy(err);
    });
    if (parsed) call.end(parsed);
    else req.pipe(call);
  }

  private unavailable(res: Response, upstream: Upstream, breaker: string): void {
    res.status(503).set({ 'Retry-After': String(Math.ceil(this.options.breakerOpenMs / 1000)), 'X-Tsunagu-Breaker': breaker }).json({ ...UNAVAILABLE, feature: upstream.prefix });
  }
}
