import { Controller, Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { createLogger, RequireRoles, ZodValidationPipe } from '@tsunagu/platform';
import { csvHeader, csvLine, encodeCursor, EXPORT_CONTENT_TYPES, jsonLine, type ExportCursor } from '@tsunagu/telemetry-history';
import type { TelemetryHistoryOptions } from '../telemetry-history.config';
import { TELEMETRY_HISTORY_TOKENS, TELEMETRY_ROUTE } from '../telemetry-history.constants';
import { HISTORY_ROLES } from './devices.controller';
import { HistoryRepository } from './history.repository';
import { deviceIdSchema, exportQuerySchema } from './history.schemas';
import { HistoryService } from './history.service';

/** Rows read per round trip while a page streams. */
const CHUNK_ROWS = 2000;

/**
 * Raw readings for export, streamed (a page of 100 000 rows never sits in memory):
 * CSV or JSON Lines, one device, oldest first, keyset-paginated. Where the page
 * ends is read first (from the primary key's index), so the `Link: rel="next"`
 * header (and `X-Next-Cursor`) goes out before the first row.
 */
@Controller(TELEMETRY_ROUTE)
@RequireRoles(...HISTORY_ROLES)
export class ExportController {
  private readonly logger = createLogger('telemetry-history.export');
  private readonly query;
  private readonly deviceId = new ZodValidationPipe(deviceIdSchema);

  constructor(
    private readonly history: HistoryService,
    private readonly repo: HistoryRepository,
    @Inject(TELEMETRY_HISTORY_TOKENS.options) options: TelemetryHistoryOptions,
  ) {
    this.query = new ZodValidationPipe(exportQuerySchema(options.exportPageRows, options.exportMaxRows));
  }

  @Get('devices/:id/readings')
  async readings(@Param('id') rawId: string, @Query() rawQuery: Record<string, string>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const id = this.deviceId.transform(rawId);
    const q = this.query.transform(rawQuery);
    const device = await this.history.device(id);
    const after = q.after ?? null;
    const end = await this.repo.pageEnd(id, q.from, q.to, after, q.limit);
    res.status(200);
    res.set({
      'Content-Type': EXPORT_CONTENT_TYPES[q.format],
      'Content-Disposition': `attachment; filename="${id.replace(/[^\w.-]/g, '_')}-${new Date(q.from).toISOString().slice(0, 10)}.${q.format}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    if (end.more && end.last) {
      const next = encodeCursor(end.last);
      const params = new URLSearchParams({ ...rawQuery, after: next });
      res.set({ Link: `<${req.baseUrl}${req.path}?${params.toString()}>; rel="next"`, 'X-Next-Cursor': next });
    }
    let closed = false;
    res.on('close', () => {
      closed = true;
    });
    try {
      if (q.format === 'csv') await write(res, csvHeader(device.kind));
      let cursor: ExportCursor | null = after;
      while (end.last && !closed) {
        const rows = await this.repo.exportChunk(id, q.from, q.to, cursor, end.last, CHUNK_ROWS);
        if (rows.length === 0) break;
        let text = '';
        for (const r of rows) text += q.format === 'csv' ? csvLine(device.kind, r) : jsonLine(device.kind, r);
        await write(res, text);
        const lastRow = rows[rows.length - 1]!;
        cursor = { ts: lastRow.ts, seq: lastRow.seq };
        if (rows.length < CHUNK_ROWS) break;
      }
      res.end();
    } catch (err) {
      // the status line is gone: the client sees a cut-off body, never a half-page passed off as whole
      this.logger.error('export failed mid-stream', { deviceId: id, error: err as Error });
      res.destroy(err as Error);
    }
  }
}

/** Writes and waits for the socket to drain when its buffer is full (backpressure). */
function write(res: Response, text: string): Promise<void> {
  if (res.write(text)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error): void => {
      res.off('drain', done);
      res.off('close', done);
      if (err) reject(err);
      else resolve();
    };
    res.once('drain', () => done());
    res.once('close', () => done());
  });
}
