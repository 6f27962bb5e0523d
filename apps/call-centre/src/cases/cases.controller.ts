import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { RequireRoles, ZodValidationPipe, type Page } from '@tsunagu/platform';
import { CASE_STATUSES } from '@tsunagu/call-centre';
import { CasesService, type CaseDetail, type CaseLineage, type CaseView } from './cases.service';

const agent = z.string().min(1).max(100);

export const queueQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).optional(),
  /** one status instead of the open ones (new, acknowledged, in_contact) */
  status: z.enum(CASE_STATUSES).optional(),
  vehicleId: z.string().min(1).max(100).optional(),
});
export const acknowledgeSchema = z.object({ by: agent, note: z.string().max(2000).optional() });
export const assignSchema = z.object({ agent, by: agent });
export const contactSchema = z.object({ by: agent, channel: z.enum(['phone', 'sms', 'email', 'in-vehicle']).default('phone'), note: z.string().max(2000).optional() });
export const noteSchema = z.object({ by: agent, text: z.string().min(1).max(4000) });
export const resolveSchema = z.object({ by: agent, resolution: z.string().min(1).max(2000) });
export const closeSchema = z.object({ by: agent, note: z.string().max(2000).optional() });

/**
 * REST for call-centre operators: the queue (open cases by priority then SLA
 * due time), one case with its timeline, and the lifecycle actions. `by` names
 * the agent making the change; it is recorded in the case history.
 */
@Controller('call-centre/cases')
export class CasesController {
  constructor(private readonly cases: CasesService) {}

  @Get()
  @RequireRoles('callcentre', 'operator')
  queue(@Query(new ZodValidationPipe(queueQuerySchema)) query: z.infer<typeof queueQuerySchema>): Promise<Page<CaseView>> {
    return this.cases.queue(query);
  }

  @Get(':id')
  @RequireRoles('callcentre', 'operator')
  get(@Param('id') id: string): Promise<CaseDetail> {
    return this.cases.get(id);
  }

  /** The chain back to the raw input: incidents, their Kafka records, the readings behind them. */
  @Get(':id/lineage')
  @RequireRoles('callcentre', 'operator')
  lineage(@Param('id') id: string): Promise<CaseLineage> {
    return this.cases.lineage(id);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @RequireRoles('callcentre')
  acknowledge(@Param('id') id: string, @Body(new ZodValidationPipe(acknowledgeSchema)) body: z.infer<typeof acknowledgeSchema>): Promise<CaseDetail> {
    return this.cases.transition(id, 'acknowledge', body.by, { note: body.note });
  }

  @Post(':id/assign')
  @HttpCode(200)
  @RequireRoles('callcentre')
  assign(@Param('id') id: string, @Body(new ZodValidationPipe(assignSchema)) body: z.infer<typeof assignSchema>): Promise<CaseDetail> {
    return this.cases.assign(id, body.agent, body.by);
  }

  @Post(':id/contact')
  @HttpCode(200)
  @RequireRoles('callcentre')
  contact(@Param('id') id: string, @Body(new ZodValidationPipe(contactSchema)) body: z.infer<typeof contactSchema>): Promise<CaseDetail> {
    return this.cases.transition(id, 'contact', body.by, { channel: body.channel, note: body.note });
  }

  @Post(':id/notes')
  @HttpCode(201)
  @RequireRoles('callcentre')
  note(@Param('id') id: string, @Body(new ZodValidationPipe(noteSchema)) body: z.infer<typeof noteSchema>): Promise<CaseDetail> {
    return this.cases.note(id, body.text, body.by);
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @RequireRoles('callcentre')
  resolve(@Param('id') id: string, @Body(new ZodValidationPipe(resolveSchema)) body: z.infer<typeof resolveSchema>): Promise<CaseDetail> {
    return this.cases.transition(id, 'resolve', body.by, { resolution: body.resolution });
  }

  @Post(':id/close')
  @HttpCode(200)
  @RequireRoles('callcentre')
  close(@Param('id') id: string, @Body(new ZodValidationPipe(closeSchema)) body: z.infer<typeof closeSchema>): Promise<CaseDetail> {
    return this.cases.transition(id, 'close', body.by, { note: body.note });
  }
}
