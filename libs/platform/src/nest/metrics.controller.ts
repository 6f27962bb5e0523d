import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { Metrics } from '../metrics/metrics';
import { PLATFORM_TOKENS } from './platform.tokens';

@Controller('metrics')
export class MetricsController {
  constructor(@Inject(PLATFORM_TOKENS.metrics) private readonly metrics: Metrics) {}

  /** Prometheus text exposition. */
  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
