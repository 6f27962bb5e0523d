import { MQTT_CHANNELS, isOwnTopicFilter } from '@tsunagu/contracts';
import { loadConfig, weakSecretProblem, type SecurityContext, type SecurityRule } from '@tsunagu/platform';
import { mayPublish } from '../broker/ingest-router';
import { ingestBrokerEnv } from './ingest-broker.config';

const ingest = (c: SecurityContext) => loadConfig(ingestBrokerEnv, { ...c.env });

/** Filters and topics a device must never reach: everyone's, another device's, the platform's. */
const FOREIGN_FILTERS = ['#', '+/#', 'tsunagu/#', 'tsunagu/v1/devices/+/telemetry', 'tsunagu/v1/devices/other-device/commands', '$SYS/#'];

/** The ingest broker's rules of the production profile. */
export const INGEST_SECURITY_RULES: readonly SecurityRule[] = [
  {
    id: 'mqtt-tls',
    reason: 'device secrets and telemetry cross the network in clear text without MQTT over TLS',
    fix: 'set MQTT_TLS_CERT_FILE and MQTT_TLS_KEY_FILE (a development CA: `npm run certs:dev`)',
    check: (c) => (ingest(c).MQTT_TLS_CERT_FILE ? null : 'no TLS certificate: MQTT over TLS is off'),
  },
  {
    id: 'mqtt-no-plaintext',
    reason: 'a plain MQTT listener beside the TLS one lets a misconfigured device send its secret in clear text',
    fix: 'MQTT_PLAINTEXT=false',
    check: (c) => (ingest(c).MQTT_PLAINTEXT ? `plain MQTT listens on port ${ingest(c).MQTT_PORT}` : null),
  },
  {
    id: 'mqtt-ws-tls',
    reason: 'a plain WebSocket listener carries device secrets in clear text',
    fix: 'configure the MQTT TLS certificate (the WebSocket listener then serves wss), or MQTT_WS_PORT=0',
    check: (c) => {
      const env = ingest(c);
      return env.MQTT_WS_PORT !== 0 && !env.MQTT_TLS_CERT_FILE ? `plain WebSocket listens on port ${env.MQTT_WS_PORT}` : null;
    },
  },
  {
    id: 'mqtt-ws-origins',
    reason: 'without an origin check any web page a user opens can connect to the broker from their browser',
    fix: 'set MQTT_WS_ALLOWED_ORIGINS to the dashboards’ origins, or MQTT_WS_PORT=0',
    check: (c) => {
      const env = ingest(c);
      return env.MQTT_WS_PORT !== 0 && !env.MQTT_WS_ALLOWED_ORIGINS ? 'the WebSocket listener accepts any origin' : null;
    },
  },
  {
    id: 'device-secret-key',
    reason: 'device secrets are stored as HMACs under DEVICE_SECRET_KEY: a key generated into DATA_DIR sits beside the registry it protects, differs between broker instances and is lost with the volume',
    fix: 'set DEVICE_SECRET_KEY to a random value of 32+ characters from your secret store (e.g. `openssl rand -base64 32`), the same in every ingest-broker instance',
    check: (c) => {
      const key = ingest(c).DEVICE_SECRET_KEY;
      return key ? weakSecretProblem('DEVICE_SECRET_KEY', key) : 'DEVICE_SECRET_KEY is unset';
    },
  },
  {
    id: 'rate-limits-on',
    reason: 'without limits one client can guess secrets or flood the registry with CONNECTs unhindered',
    fix: 'AUTH_MAX_FAILURES_PER_MINUTE, DEVICE_PUBLISH_RATE and DEVICE_CONNECTS_PER_MINUTE above 0',
    check: (c) => {
      const env = ingest(c);
      const off = (['AUTH_MAX_FAILURES_PER_MINUTE', 'DEVICE_PUBLISH_RATE', 'DEVICE_CONNECTS_PER_MINUTE'] as const).filter((name) => env[name] === 0);
      return off.length > 0 ? `limits off: ${off.map((n) => `${n}=0`).join(', ')}` : null;
    },
  },
  {
    id: 'acl-own-topics-only',
    reason: 'a device reaches only its own topics: a wildcard grant would let one stolen credential read or forge the whole fleet',
    fix: 'the ACL is code (libs/contracts mqtt-topics.ts, broker/ingest-router.ts): restore own-topic checks',
    check: () => {
      const problems = [
        ...FOREIGN_FILTERS.filter((f) => isOwnTopicFilter('probe-device', f)).map((f) => `a device may subscribe to ${f}`),
        ...(mayPublish('machine', MQTT_CHANNELS.commands) ? ['a device may publish on its commands topic'] : []),
        ...(mayPublish('machine', MQTT_CHANNELS.tweets) || mayPublish('tweet-source', MQTT_CHANNELS.telemetry) ? ['a device may publish another kind’s data'] : []),
      ];
      return problems.length > 0 ? problems.join('; ') : null;
    },
  },
];
