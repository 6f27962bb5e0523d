import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { PLATFORM_TOKENS, type HealthRegistry } from '@tsunagu/platform';
import { CALL_CENTRE_TOKENS, SYSTEM_CLOCK, type Clock } from './call-centre.constants';
import { callCentreOptionsFromEnv, type CallCentreOptions } from './call-centre.config';
import { CallCentreDatabase, openCallCentreDataSource } from './call-centre.database';
import { CasesController } from './cases/cases.controller';
import { CasesRepository } from './cases/cases.repository';
import { CasesService } from './cases/cases.service';
import { IncidentsConsumer } from './cases/incidents.consumer';
import { ContactsController } from './contacts/contacts.controller';
import { ContactsRepository } from './contacts/contacts.repository';
import { EscalationJob } from './escalation/escalation.job';

export interface CallCentreModuleOptions extends Partial<CallCentreOptions> {
  /** the clock of SLAs and escalation (tests pass a fake one) */
  readonly clock?: Clock;
}

/**
 * The call centre (pair 2's system of record): cases from vehicle incidents,
 * priorities and SLAs, escalation, the lifecycle REST API and the contact
 * registry, on its own schema `call_centre`. Relies only on the platform core's
 * providers; `register()` overrides settings (tests), the bare module reads them
 * from the environment.
 */
@Module({
  controllers: [CasesController, ContactsController],
  providers: [
    { provide: CALL_CENTRE_TOKENS.options, useFactory: (): CallCentreOptions => callCentreOptionsFromEnv() },
    { provide: CALL_CENTRE_TOKENS.clock, useValue: SYSTEM_CLOCK },
    {
      provide: CALL_CENTRE_TOKENS.dataSource,
      inject: [PLATFORM_TOKENS.databaseUrl],
      useFactory: (url: string) => openCallCentreDataSource(url),
    },
    CallCentreDatabase,
    CasesRepository,
    ContactsRepository,
    CasesService,
    IncidentsConsumer,
    EscalationJob,
  ],
  exports: [CasesService, EscalationJob],
})
export class CallCentreModule implements OnModuleInit {
  constructor(
    @Inject(PLATFORM_TOKENS.health) private readonly health: HealthRegistry,
    private readonly database: CallCentreDatabase,
  ) {}

  static register(options: CallCentreModuleOptions = {}): DynamicModule {
    const { clock, ...overrides } = options;
    return {
      module: CallCentreModule,
      providers: [
        { provide: CALL_CENTRE_TOKENS.options, useFactory: (): CallCentreOptions => ({ ...callCentreOptionsFromEnv(), ...overrides }) },
        ...(clock ? [{ provide: CALL_CENTRE_TOKENS.clock, useValue: clock }] : []),
      ],
    };
  }

  onModuleInit(): void {
    this.health.register('call-centre-db', () => this.database.ping());
  }
}
