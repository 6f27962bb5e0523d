/** The gateway's public entry (its main and tests import only this). */
export { GatewayModule } from './gateway.module';
export { gatewayEnv, parseUpstreams, type GatewayOptions } from './gateway.config';
