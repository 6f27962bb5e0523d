import { HealthRegistry } from './health-registry';

describe('HealthRegistry', () => {
  it('reports a hung probe as down once its timeout passes', async () => {
    const health = new HealthRegistry(50);
    health.register('db', () => new Promise(() => undefined));
    health.register('bus', async () => ({ ok: true, detail: 'fine' }));
    const report = await health.check();
    expect(report.status).toBe('down');
    expect(report.probes.find((p) => p.name === 'db')).toMatchObject({ ok: false, detail: 'timed out after 50 ms' });
  });

  it('is degraded, not down, when only a non-critical dependency fails', async () => {
    const health = new HealthRegistry(50);
    health.register('prices', async () => ({ ok: false, detail: 'no feed' }), { critical: false });
    expect((await health.check()).status).toBe('degraded');
  });
});
