import { Inject, Injectable } from '@nestjs/common';
import {
  machineTelemetryPayloadV1Schema,
  notAheadOfClock,
  priceV1Schema,
  tweetIntakeSchema,
  vehicleTelemetryPayloadV1Schema,
} from '@tsunagu/contracts';
import { oneOrMany, PLATFORM_TOKENS, type Clock } from '@tsunagu/platform';
import { INGEST_OPTIONS, type IngestBrokerOptions } from '../config/ingest-broker.config';

/**
 * What every door accepts: the contracts' schemas, with each record's own time
 * kept within `maxClockSkewMs` of this broker's clock. A reading, tweet or price
 * stamped in the future is refused where it comes in (dead letter over MQTT, 400
 * over HTTP), naming the field, so it can never move a watermark downstream.
 */
@Injectable()
export class IntakeSchemas {
  readonly machineReading;
  readonly vehicleReading;
  readonly tweet;
  readonly tweets;
  readonly prices;

  constructor(@Inject(INGEST_OPTIONS) options: IngestBrokerOptions, @Inject(PLATFORM_TOKENS.clock) clock: Clock) {
    const now = () => clock.now();
    const skew = options.maxClockSkewMs ?? 300_000;
    this.machineReading = notAheadOfClock(machineTelemetryPayloadV1Schema, 'ts', now, skew);
    this.vehicleReading = notAheadOfClock(vehicleTelemetryPayloadV1Schema, 'ts', now, skew);
    this.tweet = notAheadOfClock(tweetIntakeSchema, 'createdAt', now, skew);
    /** one tweet, or up to 1000 under `tweets` (a batch is all-or-nothing) */
    this.tweets = oneOrMany(this.tweet, 'tweets', 1000);
    /** one price tick, or up to 1000 under `prices` */
    this.prices = oneOrMany(notAheadOfClock(priceV1Schema, 'ts', now, skew), 'prices', 1000);
  }
}
