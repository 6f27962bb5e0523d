import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { RequireRoles, ZodValidationPipe } from '@tsunagu/platform';
import { HISTORY_ROLES } from '../history/devices.controller';
import { deviceIdSchema, limitsQuerySchema, type LimitsQuery } from '../history/history.schemas';
import type { TelemetryHistoryOptions } from '../telemetry-history.config';
import { TELEMETRY_HISTORY_TOKENS, TELEMETRY_ROUTE } from '../telemetry-history.constants';
import { modelLimits, type ModelLimits } from './model-limits';

/** What the charts and the map need besides readings: limit lines and the map's base layer. */
@Controller(TELEMETRY_ROUTE)
@RequireRoles(...HISTORY_ROLES)
export class ModelsController {
  constructor(@Inject(TELEMETRY_HISTORY_TOKENS.options) private readonly options: TelemetryHistoryOptions) {}

  /** The limits of a model (machines: the model catalogue; vehicles: the monitor's thresholds). */
  @Get('models/:model/limits')
  limits(@Param('model', new ZodValidationPipe(deviceIdSchema)) model: string, @Query(new ZodValidationPipe(limitsQuerySchema)) q: LimitsQuery): ModelLimits {
    return modelLimits(this.options.catalogue, model, q.kind);
  }

  /** The fleet map's base layer: configured tiles, or null for the outline the dashboard ships. */
  @Get('map-config')
  mapConfig(): { tileUrl: string | null; attribution: string | null } {
    return { tileUrl: this.options.mapTileUrl, attribution: this.options.mapTileAttribution };
  }
}
