/** Injection token of the gateway's options. */
export const GATEWAY_OPTIONS = 'tsunagu.gateway.options' as const;

/** What a client sees when an upstream is down or its breaker is open. */
export const UNAVAILABLE = { statusCode: 503, code: 'FEATURE_UNAVAILABLE', message: 'this feature is currently unavailable' } as const;

/** Request headers that are the connection's, not the request's (RFC 9110 §7.6.1), plus what the gateway replaces. */
export const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'host', 'content-length', 'cookie'] as const;

/**
 * The routes of the multi-service deployment (docker-compose service names, port
 * 3000 inside each container): route prefix → upstream. The console, sign-in
 * (`/auth`), `/console/events` and `/health` are the gateway's own.
 */
export const DEFAULT_UPSTREAMS = [
  'devices=http://ingest-broker:3000',
  'device-commands=http://ingest-broker:3000',
  'tweets=http://ingest-broker:3000',
  'prices=http://ingest-broker:3000',
  'utilisation=http://operation-analysis:3000',
  'alarm-rules=http://operation-analysis:3000',
  'work-orders=http://maintenance:3000',
  'machines=http://maintenance:3000',
  'vehicle-monitoring=http://vehicle-monitoring:3000',
  'call-centre=http://call-centre:3000',
  'market-sentiment=http://market-sentiment:3000',
  'trading=http://trading:3000',
  'tweet-analysis=http://tweet-analysis:3000',
  'dispatch=http://dispatch:3000',
  'telemetry=http://telemetry-history:3000',
  'dead-letters=http://dead-letters:3000',
].join(',');
