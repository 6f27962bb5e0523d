import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { RequireRoles, ZodValidationPipe } from '@tsunagu/platform';
import type { TelemetryHistoryOptions } from '../telemetry-history.config';
import { TELEMETRY_HISTORY_TOKENS, TELEMETRY_ROUTE } from '../telemetry-history.constants';
import { deviceIdSchema, historyQuerySchema, latestQuerySchema, trackQuerySchema, type LatestQuery } from './history.schemas';
import { HistoryService, type HistoryView, type LatestView, type TrackView } from './history.service';

/** Every operator role reads the history: it is the evidence behind their records. */
export const HISTORY_ROLES = ['operator', 'maintenance', 'callcentre', 'dispatch'] as const;

/** Latest values, downsampled history and tracks per device. */
@Controller(TELEMETRY_ROUTE)
@RequireRoles(...HISTORY_ROLES)
export class DevicesController {
  private readonly historyQuery;
  private readonly trackQuery;
  private readonly deviceId = new ZodValidationPipe(deviceIdSchema);

  constructor(
    private readonly history: HistoryService,
    @Inject(TELEMETRY_HISTORY_TOKENS.options) options: TelemetryHistoryOptions,
  ) {
    this.historyQuery = new ZodValidationPipe(historyQuerySchema(options.defaultPoints, options.maxPoints));
    this.trackQuery = new ZodValidationPipe(trackQuerySchema(options.trackMaxPoints));
  }

  /** Each device's latest reading (the fleet map): filter by kind and ids. */
  @Get('latest')
  async latest(@Query(new ZodValidationPipe(latestQuerySchema)) query: LatestQuery): Promise<{ items: LatestView[] }> {
    return { items: await this.history.latest(query) };
  }

  /** One device: its latest reading and the metrics its kind has. */
  @Get('devices/:id')
  device(@Param('id') id: string) {
    return this.history.deviceView(this.deviceId.transform(id));
  }

  /** One metric over [from, to) in at most `points` buckets, aggregated as `agg`. */
  @Get('devices/:id/history')
  series(@Param('id') id: string, @Query() query: unknown): Promise<HistoryView> {
    return this.history.history(this.deviceId.transform(id), this.historyQuery.transform(query));
  }

  /** A vehicle's positions over [from, to), simplified (Douglas–Peucker) for drawing. */
  @Get('devices/:id/track')
  track(@Param('id') id: string, @Query() query: unknown): Promise<TrackView> {
    return this.history.track(this.deviceId.transform(id), this.trackQuery.transform(query));
  }
}
