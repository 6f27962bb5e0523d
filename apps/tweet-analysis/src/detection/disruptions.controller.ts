import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { RequireRoles, ZodValidationPipe } from '@tsunagu/platform';
import { tokyoGazetteer } from '@tsunagu/transit-analysis';
import type { DisruptionLogEntity } from './disruption-log.entity';
import { DetectionRepository } from './detection.repository';

export const disruptionLogQuerySchema = z.object({ status: z.enum(['started', 'ended']).optional() });

export interface LineStatusView {
  readonly lineId: string;
  readonly lineName: string;
  readonly activeDisruptionId: string | null;
  /** reports in the current window */
  readonly windowReports: number;
  /** EWMA of reports per minute while quiet */
  readonly baseline: number;
}

/** What tweet analysis has found: the disruption changes it emitted and each line's current status. */
@Controller('tweet-analysis')
@RequireRoles('operator', 'dispatch')
export class DisruptionsController {
  constructor(private readonly repo: DetectionRepository) {}

  @Get('disruptions')
  async disruptions(@Query(new ZodValidationPipe(disruptionLogQuerySchema)) q: z.infer<typeof disruptionLogQuerySchema>): Promise<{ items: DisruptionLogEntity[] }> {
    return { items: await this.repo.listDisruptions(q.status) };
  }

  @Get('lines')
  async lines(): Promise<{ items: LineStatusView[] }> {
    const gazetteer = tokyoGazetteer();
    const states = new Map((await this.repo.listLineStates()).map((s) => [s.lineId, s]));
    return {
      items: gazetteer.lines.map((line) => {
        const s = states.get(line.id);
        return {
          lineId: line.id,
          lineName: line.nameJa,
          activeDisruptionId: s?.activeDisruptionId ?? null,
          windowReports: s?.state.recent.length ?? 0,
          baseline: s?.state.baseline ?? 0,
        };
      }),
    };
  }
}
