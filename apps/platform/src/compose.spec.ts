/**
 * docker-compose.yml as Docker would read it, checked without an engine: Debian's
 * `docker-compose` validates and normalises the file (`config`), and the result
 * must give every service a health check and let every internal service scale
 * (`--scale X=2`): no fixed host port a second instance would collide on.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { load } from 'js-yaml';

const ROOT = join(__dirname, '..', '..', '..');
const hasCompose = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;

interface ComposeService {
  healthcheck?: { test?: unknown };
  ports?: Array<string | { published?: string | number; target?: number }>;
  environment?: Record<string, string>;
}

(hasCompose ? describe : describe.skip)('docker-compose.yml (validated by docker-compose config)', () => {
  const services = () => {
    const normalised = execFileSync('docker-compose', ['-f', join(ROOT, 'docker-compose.yml'), 'config'], { encoding: 'utf8', env: { ...process.env, API_TOKENS: '' } });
    return (load(normalised) as { services: Record<string, ComposeService> }).services;
  };

  it('is valid', () => {
    expect(Object.keys(services()).length).toBeGreaterThan(5);
  });

  it('gives every service a health check', () => {
    const missing = Object.entries(services()).filter(([, s]) => !s.healthcheck?.test).map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it('lets every Tsunagu service but the MQTT edge scale: host ports come from ranges', () => {
    const fixed = Object.entries(services())
      .filter(([, s]) => s.environment?.SERVICE && s.environment.SERVICE !== 'ingest-broker')
      .flatMap(([name, s]) => (s.ports ?? []).map((p) => [name, typeof p === 'string' ? p.split(':')[0]! : String(p.published ?? '')] as const))
      .filter(([, published]) => published !== '' && !published.includes('-'));
    expect(fixed).toEqual([]);
  });
});

if (!hasCompose) {
  console.warn('docker-compose is not installed: the compose checks were skipped (.ci/run installs it)');
}
