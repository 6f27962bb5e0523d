import { Global, Module, type DynamicModule, type MiddlewareConsumer, type NestModule, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { SYSTEM_CLOCK, type Clock } from '../clock/clock';
import { HealthRegistry } from '../health/health-registry';
import { DEFAULT_KERNEL_SETTINGS, type KernelSettings } from '../kernel/kernel-settings';
import type { ApiRole } from '../http/api-tokens';
import type { MessageBus } from '../messaging/message-bus';
import { Metrics } from '../metrics/metrics';
import { ChangeFeed } from '../kernel/change-feed';
import { ApiAuthGuard } from './api-auth.guard';
import { correlationIdMiddleware } from './correlation-id.middleware';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { PLATFORM_TOKENS } from './platform.tokens';
import { PrincipalResolver } from './principal-resolver';
import { AuditInterceptor } from './audit.interceptor';
import { CodedExceptionFilter } from './coded-exception';

export interface PlatformCoreOptions {
  readonly serviceName: string;
  readonly bus: MessageBus;
  readonly databaseUrl: string;
  readonly apiTokens: ReadonlyMap<string, ApiRole>;
  /** the key of principals the gateway signs (GATEWAY_PRINCIPAL_SECRET); unset: none accepted */
  readonly gatewaySecret?: string | null;
  readonly healthTimeoutMs?: number;
  readonly metrics?: Metrics;
  /** how the kernel publishes, relays and consumes (defaults: validation on, outbox relay on) */
  readonly settings?: Partial<KernelSettings>;
  /** the wall clock of every job and rule (tests pass a ManualClock) */
  readonly clock?: Clock;
  /** run after every module has shut down (closes what the caller created: bus, embedded database) */
  readonly onShutdown?: () => Promise<void>;
}

class RuntimeCloser implements OnApplicationShutdown {
  constructor(private readonly close?: () => Promise<void>) {}
  async onApplicationShutdown(): Promise<void> {
    await this.close?.();
  }
}

/**
 * What every app shares: the bus, the database URL, API tokens and the principal
 * resolver (tokens, and sessions once the identity module is mounted), health,
 * metrics, the kernel's settings and the clock.
 * Created once by the app's main (or a test) and handed in, so feature modules
 * receive their dependencies instead of building them.
 */
@Global()
@Module({})
export class PlatformCoreModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(correlationIdMiddleware).forRoutes('*');
  }

  static forRoot(options: PlatformCoreOptions): DynamicModule {
    const health = new HealthRegistry(options.healthTimeoutMs ?? 2000);
    health.register('bus', () => options.bus.health());
    const providers = [
      { provide: PLATFORM_TOKENS.serviceName, useValue: options.serviceName },
      { provide: PLATFORM_TOKENS.bus, useValue: options.bus },
      { provide: PLATFORM_TOKENS.databaseUrl, useValue: options.databaseUrl },
      { provide: PLATFORM_TOKENS.apiTokens, useValue: options.apiTokens },
      { provide: PLATFORM_TOKENS.health, useValue: health },
      { provide: PLATFORM_TOKENS.metrics, useValue: options.metrics ?? new Metrics(options.serviceName) },
      { provide: PLATFORM_TOKENS.settings, useValue: { ...DEFAULT_KERNEL_SETTINGS, ...options.settings } satisfies KernelSettings },
      { provide: PLATFORM_TOKENS.clock, useValue: options.clock ?? SYSTEM_CLOCK },
      { provide: PLATFORM_TOKENS.changes, useValue: new ChangeFeed() },
      { provide: PLATFORM_TOKENS.gatewaySecret, useValue: options.gatewaySecret ?? null },
    ];
    return {
      module: PlatformCoreModule,
      controllers: [HealthController, MetricsController],
      providers: [
        ...providers,
        PrincipalResolver,
        AuditInterceptor,
        { provide: APP_GUARD, useClass: ApiAuthGuard },
        { provide: APP_FILTER, useClass: CodedExceptionFilter },
        { provide: APP_INTERCEPTOR, useExisting: AuditInterceptor },
        { provide: RuntimeCloser, useValue: new RuntimeCloser(options.onShutdown) },
      ],
      exports: [...providers.map((p) => p.provide), PrincipalResolver, AuditInterceptor],
    };
  }
}
