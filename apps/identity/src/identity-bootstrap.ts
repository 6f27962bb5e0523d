import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { AuditInterceptor, PrincipalResolver } from '@tsunagu/platform';
import { AuditService } from './audit/audit.service';
import { SessionsService } from './sessions/sessions.service';
import { UsersService } from './users/users.service';

/** Hands the platform the session lookup and the audit trail's sink, then makes sure an admin exists. */
@Injectable()
export class IdentityBootstrap implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly resolver: PrincipalResolver,
    private readonly auditTrail: AuditInterceptor,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
    private readonly users: UsersService,
  ) {}

  onModuleInit(): void {
    this.resolver.useSessions(this.sessions);
    this.auditTrail.useSink(this.audit);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.users.ensureFirstAdmin();
  }
}
