import { Module, type DynamicModule, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { configOnce, SERVICE_ENV } from '@tsunagu/platform';
import { gatewayEnv, gatewayOptionsFromEnv, type GatewayOptions } from './gateway.config';
import { GATEWAY_OPTIONS } from './gateway.constants';
import { ProxyMiddleware } from './proxy.middleware';

/**
 * The gateway of the multi-service deployment: mounted beside identity and the
 * console (their routes are its own), it sends every other service's routes to
 * that service, one circuit breaker per upstream. The all-in-one process needs
 * none: every route is already on its one port.
 */
@Module({})
export class GatewayModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ProxyMiddleware).forRoutes('*');
  }

  static register(overrides: Partial<GatewayOptions> = {}): DynamicModule {
    const dynamic: DynamicModule = {
      module: GatewayModule,
      providers: [{ provide: GATEWAY_OPTIONS, useFactory: (): GatewayOptions => ({ ...gatewayOptionsFromEnv(configOnce(gatewayEnv)), ...overrides }) }, ProxyMiddleware],
    };
    Object.defineProperty(dynamic, SERVICE_ENV, { value: [gatewayEnv], enumerable: false });
    return dynamic;
  }
}
