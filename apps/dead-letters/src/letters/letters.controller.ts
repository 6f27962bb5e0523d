import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
import { RequireRoles, ZodValidationPipe, type AuthenticatedRequest } from '@tsunagu/platform';
import type { DeadLettersOptions } from '../dead-letters.config';
import { DEAD_LETTERS_OPTIONS, DEAD_LETTERS_ROUTE } from '../dead-letters.constants';
import { DEAD_LETTERS_ERROR, DeadLettersException } from '../dead-letters.exception';
import type { LetterRow } from '../dead-letters.tables';
import { discardSchema, letterIdSchema, listLettersQuerySchema, redriveSchema, type DiscardBody, type ListLettersQuery, type RedriveBody } from './letters.schemas';
import { LettersService, type RedriveOutcome } from './letters.service';

function letterId(id: string): string {
  if (!letterIdSchema.safeParse(id).success) throw new DeadLettersException(DEAD_LETTERS_ERROR.letterNotFound, `dead letter ${id} not found`);
  return id;
}

/**
 * Dead letters for operators: browse by topic and status with reason, origin and
 * payload; send back (redrive) one or many after a fix; discard with a reason.
 * Who did it comes from the signed-in principal.
 */
@Controller(DEAD_LETTERS_ROUTE)
@RequireRoles('operator')
export class LettersController {
  constructor(
    private readonly letters: LettersService,
    @Inject(DEAD_LETTERS_OPTIONS) private readonly options: DeadLettersOptions,
  ) {}

  @Get()
  async list(@Query(new ZodValidationPipe(listLettersQuerySchema)) q: ListLettersQuery): Promise<{ items: LetterRow[]; total: number; page: number; pageSize: number; pendingByTopic: Array<{ originTopic: string; pending: number }> }> {
    const pageSize = q.pageSize ?? this.options.defaultPageSize;
    const [page, pendingByTopic] = await Promise.all([this.letters.list({ status: q.status, originTopic: q.topic, page: q.page, pageSize }), this.letters.pendingByTopic()]);
    return { ...page, page: q.page, pageSize, pendingByTopic };
  }

  @Get(':id')
  get(@Param('id') id: string): Promise<LetterRow> {
    return this.letters.get(letterId(id));
  }

  /** 200 with one outcome per id: redriven (sent back to its topic) or refused with the reason. */
  @Post('redrive')
  @HttpCode(200)
  async redrive(@Body(new ZodValidationPipe(redriveSchema)) body: RedriveBody, @Req() req: AuthenticatedRequest): Promise<{ outcomes: RedriveOutcome[] }> {
    return { outcomes: await this.letters.redrive(body.ids, req.principal!.name) };
  }

  /** 200 discarded; 409 when it was already redriven or discarded. */
  @Post(':id/discard')
  @HttpCode(200)
  discard(@Param('id') id: string, @Body(new ZodValidationPipe(discardSchema)) body: DiscardBody, @Req() req: AuthenticatedRequest): Promise<LetterRow> {
    return this.letters.discard(letterId(id), body.reason, req.principal!.name);
  }
}
