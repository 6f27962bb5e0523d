import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { PLATFORM_TOKENS, RequireRoles, ZodValidationPipe, type Clock } from '@tsunagu/platform';
import { LineBurstDetector, tokyoGazetteer } from '@tsunagu/tweet-analysis';
import type { TweetAnalysisOptions } from '../tweet-analysis.config';
import { TWEET_ANALYSIS_OPTIONS } from '../tweet-analysis.constants';
import type { DisruptionLogRow } from '../tweet-analysis.tables';
import { DetectionRepository } from './detection.repository';

/** `page` counts from 1; the list answers `{ items, page, pageSize, total }`. */
export const disruptionLogQuerySchema = z.object({
  status: z.enum(['started', 'ended']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});

export interface LineStatusView {
  readonly lineId: string;
  readonly lineName: string;
  readonly activeDisruptionId: string | null;
  /** reports in the current window */
  readonly windowReports: number;
  /** EWMA of reports per minute while quiet */
  readonly baseline: number;
  /** wall clock (epoch ms) the line last received a delay report; null if never */
  readonly lastReportWallMs: number | null;
  /** when an active disruption ends by the quiet timeout unless a report comes first (epoch ms); null when none is active */
  readonly quietEndDueAt: number | null;
}

/** What tweet analysis has found: the disruption changes it emitted and each line's current status. */
@Controller('tweet-analysis')
@RequireRoles('operator', 'dispatch')
export class DisruptionsController {
  constructor(
    private readonly repo: DetectionRepository,
    @Inject(TWEET_ANALYSIS_OPTIONS) private readonly options: TweetAnalysisOptions,
    @Inject(PLATFORM_TOKENS.clock) private readonly clock: Clock,
  ) {}

  /** Emitted disruption changes, newest first. */
  @Get('disruptions')
  @RequireRoles('operator', 'dispatch')
  async disruptions(
    @Query(new ZodValidationPipe(disruptionLogQuerySchema)) q: z.infer<typeof disruptionLogQuerySchema>,
  ): Promise<{ items: DisruptionLogRow[]; page: number; pageSize: number; total: number }> {
    return { ...(await this.repo.listDisruptions(q)), page: q.page, pageSize: q.pageSize };
  }

  /** Every line of the gazetteer (a fixed, small list: not paged). */
  @Get('lines')
  @RequireRoles('operator', 'dispatch')
  async lines(): Promise<{ items: LineStatusView[]; quietTimeoutMs: number; now: number }> {
    const gazetteer = tokyoGazetteer();
    const states = new Map((await this.repo.listLineStates(new LineBurstDetector(this.options.burst))).map((s) => [s.lineId, s]));
    return {
      quietTimeoutMs: this.options.quietTimeoutMs,
      now: this.clock.now(),
      items: gazetteer.lines.map((line) => {
        const s = states.get(line.id);
        const activeDisruptionId = s?.activeDisruptionId ?? null;
        return {
          lineId: line.id,
          lineName: line.nameJa,
          activeDisruptionId,
          windowReports: s?.state.recent.length ?? 0,
          baseline: s?.state.baseline ?? 0,
          lastReportWallMs: s?.lastReportWallMs ?? null,
          quietEndDueAt: activeDisruptionId && s ? s.lastReportWallMs + this.options.quietTimeoutMs : null,
        };
      }),
    };
  }
}
