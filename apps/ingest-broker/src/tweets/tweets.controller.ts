import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { RequireRoles, ZodValidationPipe } from '@tsunagu/platform';
import { IntakeSchemas } from '../broker/intake-schemas';
import { TweetIntakeService } from './tweet-intake.service';

@Controller('tweets')
export class TweetsController {
  private readonly validate: ZodValidationPipe<IntakeSchemas['tweets']>;

  constructor(
    private readonly intake: TweetIntakeService,
    schemas: IntakeSchemas,
  ) {
    this.validate = new ZodValidationPipe(schemas.tweets);
  }

  /** One tweet, or a batch of up to 1000 under `tweets`. A batch is all-or-nothing: a 400 names the bad item and field (`tweets[3].createdAt`). */
  @Post()
  @HttpCode(202)
  @RequireRoles('publisher')
  accept(@Body() body: unknown) {
    return this.intake.accept(this.validate.transform(body), { topic: 'http:POST /tweets' });
  }
}
