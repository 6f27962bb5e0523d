import { applyDecorators, HttpCode, Inject, Injectable, Post, type PipeTransform, type Type } from '@nestjs/common';
import type { z } from 'zod';
import { RequireRoles, ZodValidationPipe } from '@tsunagu/platform';
import { IntakeSchemas } from './intake-schemas';

type BatchSchemaName = 'tweets' | 'prices';

/**
 * The HTTP body of a door (`@Body(intakeBody('prices'))`): one record or a batch,
 * validated by the broker's intake schema of that name (they depend on its options
 * and clock, so the pipe is injected; a 400 names the bad item and field).
 */
export function intakeBody<K extends BatchSchemaName>(name: K): Type<PipeTransform<unknown, z.infer<IntakeSchemas[K]>>> {
  @Injectable()
  class IntakeBodyPipe implements PipeTransform<unknown, z.infer<IntakeSchemas[K]>> {
    private readonly pipe: ZodValidationPipe<IntakeSchemas[K]>;

    constructor(@Inject(IntakeSchemas) schemas: IntakeSchemas) {
      this.pipe = new ZodValidationPipe(schemas[name]);
    }

    transform(value: unknown): z.infer<IntakeSchemas[K]> {
      return this.pipe.transform(value);
    }
  }
  Object.defineProperty(IntakeBodyPipe, 'name', { value: `IntakeBody(${name})` });
  return IntakeBodyPipe;
}

/** An HTTP door of the broker: POST, 202 once handed to the bus, for the `publisher` role. */
export const IntakeDoor = (): MethodDecorator => applyDecorators(Post(), HttpCode(202), RequireRoles('publisher'));
