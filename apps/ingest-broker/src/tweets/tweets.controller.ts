import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { z } from 'zod';
import { tweetV1Schema } from '@tsunagu/contracts';
import { RequireRoles, ZodValidationPipe } from '@tsunagu/platform';
import { TweetIntakeService } from './tweet-intake.service';

/** One tweet, or a batch of up to 1000 under `tweets`. A batch is all-or-nothing: a 400 names the bad item and field. */
const intakeSchema = z.union([tweetV1Schema, z.object({ tweets: z.array(tweetV1Schema).min(1).max(1000) }).strict()]);

@Controller('tweets')
export class TweetsController {
  constructor(private readonly intake: TweetIntakeService) {}

  @Post()
  @HttpCode(202)
  @RequireRoles('publisher')
  async accept(@Body(new ZodValidationPipe(intakeSchema)) body: z.infer<typeof intakeSchema>) {
    const tweets = 'tweets' in body ? body.tweets : [body];
    return this.intake.accept(tweets, 'http');
  }
}
