import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { COMMAND_NAME_PATTERN, COMMAND_STATES, REGISTRY_DEVICE_KINDS, commandIdSchema, describeCatalogue, epochMsSchema } from '@tsunagu/contracts';
import { actorOf, RequireRoles, ZodValidationPipe } from '@tsunagu/platform';
import { CommandsService } from './commands.service';

const commandSchema = z
  .object({
    commandId: commandIdSchema.optional(),
    name: z.string().regex(COMMAND_NAME_PATTERN),
    args: z.record(z.string(), z.unknown()).default({}),
    /** epoch ms after which it is not delivered any more */
    expiresAt: epochMsSchema.optional(),
    /** or: ms from now (default one hour, at most a week) */
    ttlMs: z.number().int().min(1).max(7 * 86_400_000).optional(),
  })
  .strict()
  .refine((c) => c.expiresAt === undefined || c.ttlMs === undefined, { message: 'give expiresAt or ttlMs, not both', path: ['ttlMs'] });

const listSchema = z.object({
  state: z.enum(COMMAND_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/**
 * Commands to a device: queued here, delivered over MQTT by the instance holding
 * its session, answered on `…/commands/ack`. The catalogue route lists what each
 * kind of device understands.
 */
@Controller()
export class CommandsController {
  constructor(private readonly commands: CommandsService) {}

  @Get('device-commands/catalogue/:kind')
  @RequireRoles('operator')
  catalogue(@Param('kind', new ZodValidationPipe(z.enum(REGISTRY_DEVICE_KINDS))) kind: (typeof REGISTRY_DEVICE_KINDS)[number]) {
    return { kind, commands: describeCatalogue(kind) };
  }

  /** The newest commands of the whole fleet, any device (the console's commands panel). */
  @Get('device-commands')
  @RequireRoles('operator', 'maintenance', 'callcentre')
  recent(@Query(new ZodValidationPipe(listSchema)) query: z.infer<typeof listSchema>) {
    return this.commands.listRecent(query.state, query.limit);
  }

  /** 201 with the queued command; 200 with the existing one when the same commandId is sent again. */
  @Post('devices/:id/commands')
  @RequireRoles('operator', 'maintenance', 'callcentre')
  async send(
    @Param('id') id: string,
    @Body(new ZodValidationPipe(commandSchema)) body: z.infer<typeof commandSchema>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { command, created } = await this.commands.request(id, body, actorOf(req));
    res.status(created ? 201 : 200);
    return command;
  }

  @Get('devices/:id/commands')
  @RequireRoles('operator', 'maintenance', 'callcentre')
  list(@Param('id') id: string, @Query(new ZodValidationPipe(listSchema)) query: z.infer<typeof listSchema>) {
    return this.commands.list(id, query.state, query.limit);
  }

  @Get('devices/:id/commands/:commandId')
  @RequireRoles('operator', 'maintenance', 'callcentre')
  get(@Param('id') id: string, @Param('commandId') commandId: string) {
    return this.commands.get(id, commandId);
  }
}
