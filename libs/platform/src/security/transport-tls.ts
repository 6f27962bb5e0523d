import type { KafkaConfig, SASLOptions } from 'kafkajs';
import type { BaseEnv, KafkaEnv } from '../config/env-fragments';
import { ConfigError } from '../errors/tsunagu.error';

export type ReadFile = (path: string) => Buffer;

/** A certificate and its key, both or neither (PEM). */
export function certAndKeyOf(names: readonly [string, string], cert: string | undefined, key: string | undefined, readFile: ReadFile): { cert: Buffer; key: Buffer } | undefined {
  if (!cert && !key) return undefined;
  if (!cert || !key) throw new ConfigError(`invalid configuration: ${names.join(', ')}: set both or neither`);
  return { cert: readFile(cert), key: readFile(key) };
}

/** HTTPS options of the REST listener (HTTP_TLS_CERT_FILE, HTTP_TLS_KEY_FILE); undefined = plain HTTP. TLS 1.2 at least. */
export function httpsOptionsOf(env: Pick<BaseEnv, 'HTTP_TLS_CERT_FILE' | 'HTTP_TLS_KEY_FILE'>, readFile: ReadFile): { cert: Buffer; key: Buffer; minVersion: 'TLSv1.2' } | undefined {
  const pair = certAndKeyOf(['HTTP_TLS_CERT_FILE', 'HTTP_TLS_KEY_FILE'], env.HTTP_TLS_CERT_FILE, env.HTTP_TLS_KEY_FILE, readFile);
  return pair && { ...pair, minVersion: 'TLSv1.2' };
}

/** kafkajs `ssl` and `sasl` from the environment: TLS with the brokers' CA (and a client certificate for mutual TLS), SASL when a mechanism is set. */
export function kafkaSecurityOf(env: KafkaEnv, readFile: ReadFile): { ssl?: KafkaConfig['ssl']; sasl?: SASLOptions } {
  const client = certAndKeyOf(['KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'], env.KAFKA_SSL_CERT_FILE, env.KAFKA_SSL_KEY_FILE, readFile);
  if (!env.KAFKA_SSL && (client || env.KAFKA_SSL_CA_FILE)) throw new ConfigError('invalid configuration: KAFKA_SSL: must be true when Kafka TLS files are set');
  const ssl = env.KAFKA_SSL ? { rejectUnauthorized: true, ...(env.KAFKA_SSL_CA_FILE ? { ca: [readFile(env.KAFKA_SSL_CA_FILE)] } : {}), ...client } : undefined;
  if (!env.KAFKA_SASL_MECHANISM) {
    if (env.KAFKA_SASL_USERNAME || env.KAFKA_SASL_PASSWORD) throw new ConfigError('invalid configuration: KAFKA_SASL_MECHANISM: required when a SASL user or password is set');
    return { ssl };
  }
  if (!env.KAFKA_SASL_USERNAME || !env.KAFKA_SASL_PASSWORD) {
    throw new ConfigError('invalid configuration: KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM');
  }
  return { ssl, sasl: { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME, password: env.KAFKA_SASL_PASSWORD } as SASLOptions };
}
