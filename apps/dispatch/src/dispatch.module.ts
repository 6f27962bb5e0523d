import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { PLATFORM_TOKENS, type HealthRegistry } from '@tsunagu/platform';
import { dispatchOptionsFromEnv, type DispatchOptions } from './dispatch.config';
import { DISPATCH_TOKENS, SYSTEM_CLOCK, type Clock } from './dispatch.constants';
import { DispatchDatabase, openDispatchDataSource } from './dispatch.database';
import { DispatchController } from './disruptions/dispatch.controller';
import { DispatchRepository } from './disruptions/dispatch.repository';
import { DispatchService } from './disruptions/dispatch.service';
import { DisruptionsConsumer } from './disruptions/disruptions.consumer';
import { VehicleStateConsumer } from './vehicles/vehicle-state.consumer';

export interface DispatchModuleOptions extends Partial<DispatchOptions> {
  /** the wall clock vehicle positions age against; tests may pass a fake one */
  readonly clock?: Clock;
}

/**
 * Vehicle dispatch (pair 4's system of record) on its own schema `dispatch`:
 * latest vehicle states, disruptions, dispatch requests and assignments, and
 * their REST API. Relies only on the platform core's providers; `register()`
 * overrides settings (tests), the bare module reads them from the environment.
 */
@Module({
  controllers: [DispatchController],
  providers: [
    { provide: DISPATCH_TOKENS.options, useFactory: (): DispatchOptions => dispatchOptionsFromEnv() },
    { provide: DISPATCH_TOKENS.clock, useValue: SYSTEM_CLOCK },
    {
      provide: DISPATCH_TOKENS.dataSource,
      inject: [PLATFORM_TOKENS.databaseUrl],
      useFactory: (url: string) => openDispatchDataSource(url),
    },
    DispatchDatabase,
    DispatchRepository,
    DispatchService,
    VehicleStateConsumer,
    DisruptionsConsumer,
  ],
  exports: [DispatchService],
})
export class DispatchModule implements OnModuleInit {
  constructor(
    @Inject(PLATFORM_TOKENS.health) private readonly health: HealthRegistry,
    private readonly database: DispatchDatabase,
  ) {}

  static register(options: DispatchModuleOptions = {}): DynamicModule {
    const { clock, ...overrides } = options;
    return {
      module: DispatchModule,
      providers: [
        { provide: DISPATCH_TOKENS.options, useFactory: (): DispatchOptions => ({ ...dispatchOptionsFromEnv(), ...overrides }) },
        ...(clock ? [{ provide: DISPATCH_TOKENS.clock, useValue: clock }] : []),
      ],
    };
  }

  onModuleInit(): void {
    this.health.register('dispatch-db', () => this.database.ping());
  }
}
