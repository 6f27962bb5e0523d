import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SERVICE_HTTP_PORTS } from './service-ports.constants';

const APPS = resolve(__dirname, '..', '..', '..', '..', 'apps');

describe('SERVICE_HTTP_PORTS', () => {
  it('gives every service its own port', () => {
    const ports = Object.values(SERVICE_HTTP_PORTS);
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('is the default of every service entry point', () => {
    const services = readdirSync(APPS).filter((app) => existsSync(resolve(APPS, app, 'src', 'main.ts')) && app !== 'platform');
    expect(services.length).toBeGreaterThan(5);
    for (const app of services) {
      expect(Object.keys(SERVICE_HTTP_PORTS)).toContain(app);
      expect(readFileSync(resolve(APPS, app, 'src', 'main.ts'), 'utf8')).toContain(`SERVICE_HTTP_PORTS['${app}']`);
    }
  });
});
