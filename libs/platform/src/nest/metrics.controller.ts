import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { Metrics } from '../metrics/metrics';
import { PLATFORM_TOKENS } from './platform.tokens';
import { RequireRoles } from './roles.decorator';

/** Prometheus scrapes with a `monitor` token (operators and admins may look too). */
@Controller('metrics')
@RequireRoles('monitor', 'operator')
export class MetricsController {
  constructor(@Inject(PLATFORM_TOKENS.metrics) private readonly metrics: Metrics) {}

  /** Prometheus text exposition. */
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
