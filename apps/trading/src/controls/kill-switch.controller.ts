import { Body, Controller, Get, Put, Req } from '@nestjs/common';
import { z } from 'zod';
import { RequireRoles, ZodValidationPipe, type AuthenticatedRequest } from '@tsunagu/platform';
import { TradingService } from '../orders/trading.service';

export const killSwitchSchema = z.object({
  engaged: z.boolean(),
  reason: z.string().min(1).max(1000),
});

/**
 * The global kill switch: traders may read it, only admins may change it (the
 * change is audited). Setting it to the state it is already in answers 409 with
 * the current state and the allowed change.
 */
@Controller('trading/kill-switch')
export class KillSwitchController {
  constructor(private readonly trading: TradingService) {}

  @Get()
  @RequireRoles('trading')
  get() {
    return this.trading.killSwitch();
  }

  @Put()
  @RequireRoles('admin')
  set(@Body(new ZodValidationPipe(killSwitchSchema)) body: z.infer<typeof killSwitchSchema>, @Req() request: AuthenticatedRequest) {
    // a signed-in operator by name; a token by its role
    const by = request.principal?.kind === 'session' ? request.principal.name : `role:${request.role ?? 'unknown'}`;
    return this.trading.setKillSwitch(body.engaged, body.reason, by);
  }
}
