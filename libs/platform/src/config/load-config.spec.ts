import { ConfigError } from '../errors/tsunagu.error';
import { serviceEnv } from '../nest/bootstrap';
import { loadConfig } from './load-config';

describe('loadConfig', () => {
  it('applies defaults and coerces numbers', () => {
    const env = loadConfig(serviceEnv, { KAFKA_BROKERS: 'a:1, b:2', HTTP_PORT: '8080' });
    expect(env.HTTP_PORT).toBe(8080);
    expect(env.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(env.BIND_HOST).toBe('127.0.0.1');
    expect(env.LOG_LEVEL).toBe('info');
  });

  it('refuses bad values naming every variable, without echoing secrets', () => {
    let error: unknown;
    try {
      loadConfig(serviceEnv, { HTTP_PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'not a url with secret' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('HTTP_PORT');
    expect(message).toContain('LOG_LEVEL');
    expect(message).toContain('DATABASE_URL');
    expect(message).not.toContain('secret');
  });
});
