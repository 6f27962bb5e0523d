import { Body, Controller } from '@nestjs/common';
import type { TweetV2 } from '@tsunagu/contracts';
import { intakeBody, IntakeDoor } from '../broker/intake-door';
import { TweetIntakeService } from './tweet-intake.service';

@Controller('tweets')
export class TweetsController {
  constructor(private readonly intake: TweetIntakeService) {}

  /** One tweet, or a batch of up to 1000 under `tweets`. A batch is all-or-nothing: a 400 names the bad item and field (`tweets[3].createdAt`). */
  @IntakeDoor()
  accept(@Body(intakeBody('tweets')) tweets: TweetV2[]) {
    return this.intake.accept(tweets, { topic: 'http:POST /tweets' });
  }
}
