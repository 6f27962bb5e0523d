import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { PrincipalResolver } from '@tsunagu/platform';
import { SessionsService } from './sessions/sessions.service';
import { UsersService } from './users/users.service';

/** Hands the platform's principal resolver the session lookup, then makes sure an admin exists. */
@Injectable()
export class IdentityBootstrap implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly resolver: PrincipalResolver,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    this.resolver.useSessions(this.sessions);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.users.ensureFirstAdmin();
  }
}
