import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { PLATFORM_TOKENS, RequireSignedIn, type ChangeFeed } from '@tsunagu/platform';
import { CONSOLE_EVENTS } from './dashboard.constants';

/**
 * GET /console/events: a server-sent event stream telling the signed-in console
 * which services committed changes (`event: change`, `data: {"services":[…]}`),
 * coalesced so a busy consumer sends at most one event per interval. It carries
 * no record: the page re-reads the panels concerned through their own routes,
 * where the roles are checked. A comment line every heartbeat keeps proxies from
 * closing an idle stream; EventSource reconnects by itself.
 */
@Controller(CONSOLE_EVENTS.route)
export class ConsoleEventsController {
  constructor(@Inject(PLATFORM_TOKENS.changes) private readonly changes: ChangeFeed) {}

  @Get('events')
  @RequireSignedIn()
  events(@Req() req: Request, @Res() res: Response): void {
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
    });
    res.flushHeaders();
    res.write(`retry: ${CONSOLE_EVENTS.retryMs}\n: connected\n\n`);
    const pending = new Set<string>();
    let flush: NodeJS.Timeout | null = null;
    const unsubscribe = this.changes.subscribe(({ service }) => {
      pending.add(service);
      flush ??= setTimeout(() => {
        flush = null;
        res.write(`event: change\ndata: ${JSON.stringify({ services: [...pending].sort() })}\n\n`);
        pending.clear();
      }, CONSOLE_EVENTS.coalesceMs);
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), CONSOLE_EVENTS.heartbeatMs);
    req.on('close', () => {
      unsubscribe();
      clearInterval(heartbeat);
      if (flush) clearTimeout(flush);
    });
  }
}
