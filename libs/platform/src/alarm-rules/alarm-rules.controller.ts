import { Body, Controller, Get, Param, Put, Req, type Type } from '@nestjs/common';
import { z } from 'zod';
import type { RuleScope } from '@tsunagu/alarm-rules';
import type { ApiRole } from '../http/api-tokens';
import { actorOf, type AuthenticatedRequest } from '../nest/api-auth.guard';
import { RequireRoles } from '../nest/roles.decorator';
import { ZodValidationPipe } from '../nest/zod-validation.pipe';
import { AlarmRulesService } from './alarm-rules.service';

/** `models` / `devices` in the path. */
const scopePipe = new ZodValidationPipe(z.enum(['models', 'devices']).transform((s): RuleScope => (s === 'models' ? 'model' : 'device')));
const targetPipe = new ZodValidationPipe(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/));

const putSchema = z
  .object({
    /** the version this change is based on (0 when there is no override yet) */
    version: z.number().int().nonnegative(),
    /** the override (checked in full by the service against the rules it changes) */
    rule: z.record(z.string(), z.unknown()),
  })
  .strict();

/** Who may read and who may change a service's alarm rules. */
export interface AlarmRulesRoles {
  readonly read: readonly ApiRole[];
  readonly write: readonly ApiRole[];
}

/** The REST API of a service's alarm rules at `path` (`alarm-rules`, `vehicle-monitoring/alarm-rules`). */
export function alarmRulesController(path: string, roles: AlarmRulesRoles): Type {
  /** Alarm rules operators change at run time: per model (device profile) and per device. */
  @Controller(path)
  class AlarmRulesController {
    constructor(private readonly rules: AlarmRulesService) {}

    @Get()
    @RequireRoles(...roles.read)
    list() {
      return this.rules.list();
    }

    /** The override, its version and the effective rules a device of that model (or that device) runs under. */
    @Get(':scope/:target')
    @RequireRoles(...roles.read)
    get(@Param('scope', scopePipe) scope: RuleScope, @Param('target', targetPipe) target: string) {
      return this.rules.get(scope, target);
    }

    @Get(':scope/:target/history')
    @RequireRoles(...roles.read)
    history(@Param('scope', scopePipe) scope: RuleScope, @Param('target', targetPipe) target: string) {
      return this.rules.history(scope, target);
    }

    /** 200 with the new version; 400 naming the bad field; 409 `{currentVersion}` when `version` is stale. */
    @Put(':scope/:target')
    @RequireRoles(...roles.write)
    put(@Param('scope', scopePipe) scope: RuleScope, @Param('target', targetPipe) target: string, @Body(new ZodValidationPipe(putSchema)) body: z.infer<typeof putSchema>, @Req() req: AuthenticatedRequest) {
      return this.rules.put(scope, target, body.version, body.rule, actorOf(req));
    }
  }
  return AlarmRulesController;
}
