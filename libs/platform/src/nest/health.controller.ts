import { Controller, Get, HttpStatus, Inject, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { HealthRegistry } from '../health/health-registry';
import type { ApiRole } from '../http/api-tokens';
import { PLATFORM_TOKENS } from './platform.tokens';
import { Public } from './roles.decorator';

/** Roles that see every probe's detail (error messages name hosts, ports and internals). */
export const HEALTH_DETAIL_ROLES: readonly ApiRole[] = ['admin', 'operator', 'monitor'];

@Controller('health')
export class HealthController {
  constructor(@Inject(PLATFORM_TOKENS.health) private readonly health: HealthRegistry) {}

  /** Liveness: the process answers. */
  @Get('live')
  @Public('load balancers and orchestrators probe it without credentials')
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  /**
   * Readiness: every dependency probed; 503 when a critical one is down. Without a
   * token of an operator, monitor or admin only the overall status is shown.
   */
  @Get()
  @Public('load balancers probe readiness without credentials; probe details need a token')
  async ready(@Req() req: Request & { role?: ApiRole }, @Res() res: Response): Promise<void> {
    const report = await this.health.check();
    const status = report.status === 'down' ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK;
    res.status(status).json(req.role && HEALTH_DETAIL_ROLES.includes(req.role) ? report : { status: report.status });
  }
}
