import { Body, Controller, Get, Param, Put, Req } from '@nestjs/common';
import type { Request } from 'express';
import { z } from 'zod';
import { stateDocumentSchema } from '@tsunagu/contracts';
import { actorOf, RequireRoles, ZodValidationPipe } from '@tsunagu/platform';
import { StateService } from './state.service';

const desiredSchema = z
  .object({
    /** the desired version this change is based on (0 before the first) */
    version: z.number().int().nonnegative(),
    desired: stateDocumentSchema,
  })
  .strict();

/** Desired and reported state of a device, with the delta between them. */
@Controller('devices/:id/state')
export class StateController {
  constructor(private readonly state: StateService) {}

  @Get()
  @RequireRoles('operator')
  get(@Param('id') id: string) {
    return this.state.get(id);
  }

  /** 200 with the new version; 409 `{currentVersion}` when `version` is stale. */
  @Put('desired')
  @RequireRoles('operator')
  setDesired(@Param('id') id: string, @Body(new ZodValidationPipe(desiredSchema)) body: z.infer<typeof desiredSchema>, @Req() req: Request) {
    return this.state.setDesired(id, body.version, body.desired, actorOf(req));
  }
}
