/**
 * Each service's HTTP port when HTTP_PORT is unset, one block of ten per service
 * (as in docker-compose.yml's host port ranges), so services started side by side
 * on one host (`SERVICE=<app> npm run start:service`, the chaos suite) do not
 * collide. The all-in-one process keeps 3000.
 */
export const SERVICE_HTTP_PORTS = {
  tsunagu: 3000,
  'ingest-broker': 3001,
  'operation-analysis': 3010,
  maintenance: 3020,
  'vehicle-monitoring': 3030,
  'call-centre': 3040,
  'market-sentiment': 3050,
  trading: 3060,
  'tweet-analysis': 3070,
  dispatch: 3080,
  'telemetry-history': 3090,
  identity: 3100,
  'dead-letters': 3110,
} as const;
