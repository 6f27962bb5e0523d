import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ServiceDatabase, openServiceDataSource } from '@tsunagu/platform';
import { DelayReportEntity } from './detection/delay-report.entity';
import { DisruptionLogEntity } from './detection/disruption-log.entity';
import { LineStateEntity } from './detection/line-state.entity';
import { PartitionOffsetEntity } from './detection/partition-offset.entity';
import { TweetAnalysisInit1764600000100 } from './migrations/1764600000100-tweet-analysis-init';
import { TweetAnalysisQuietTimeout1764600000200 } from './migrations/1764600000200-tweet-analysis-quiet-timeout';
import { TWEET_ANALYSIS, TWEET_ANALYSIS_TOKENS } from './tweet-analysis.constants';

export function openTweetAnalysisDataSource(url: string): Promise<DataSource> {
  return openServiceDataSource({
    url,
    schema: TWEET_ANALYSIS.schema,
    entities: [PartitionOffsetEntity, DelayReportEntity, LineStateEntity, DisruptionLogEntity],
    migrations: [TweetAnalysisInit1764600000100, TweetAnalysisQuietTimeout1764600000200],
  });
}

/** Probes and closes this service's schema (see ServiceDatabase). */
@Injectable()
export class TweetAnalysisDatabase extends ServiceDatabase {
  constructor(@Inject(TWEET_ANALYSIS_TOKENS.dataSource) dataSource: DataSource) {
    super(dataSource, TWEET_ANALYSIS.schema);
  }
}
