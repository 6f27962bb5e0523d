import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { formatIssues, formatPath } from '@tsunagu/contracts';

/** Validates a body or query with a schema; a 400 names every bad field. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: formatIssues(result.error),
      fields: result.error.issues.map((i) => ({ field: formatPath(i.path), problem: i.message })),
    });
  }
}
