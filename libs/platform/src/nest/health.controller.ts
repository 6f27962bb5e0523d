import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { HealthRegistry } from '../health/health-registry';
import { PLATFORM_TOKENS } from './platform.tokens';

@Controller('health')
export class HealthController {
  constructor(@Inject(PLATFORM_TOKENS.health) private readonly health: HealthRegistry) {}

  /** Liveness: the process answers. */
  @Get('live')
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  /** Readiness: every dependency probed; 503 when a critical one is down. */
  @Get()
  async ready(@Res() res: Response): Promise<void> {
    const report = await this.health.check();
    res.status(report.status === 'down' ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK).json(report);
  }
}
