/**
 * The web dashboard mounted beside a real feature module (the ingest broker, on a
 * real Kafka and PostgreSQL): the page and its assets load without a token and with
 * the security headers, unknown names are 404, and no URL reaches a file outside
 * the dashboard's folder, however it is encoded.
 */
import { request as httpRequest } from 'node:http';
import { appUnderTest } from '../../../test/support/app-under-test';
import { uniqueId } from '../../../test/support/test-env';
import { DashboardModule } from '../src/dashboard.module';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET whose path goes on the wire exactly as written (fetch would normalise `..` and `%2e%2e`). */
function rawGet(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function expectSecurityHeaders(res: RawResponse): void {
  const csp = String(res.headers['content-security-policy']);
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("style-src 'self'");
  expect(csp).toContain("connect-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['referrer-policy']).toBe('no-referrer');
}

describe('web dashboard', () => {
  const rig = appUnderTest({ serviceName: 'dashboard-test', kafka: uniqueId('dash'), ingest: {}, modules: [DashboardModule] });

  it('serves the page at /dashboard and /dashboard/ without a token, with the security headers and no inline script', async () => {
    for (const path of ['/dashboard', '/dashboard/']) {
      const res = await rawGet(rig.app.httpUrl, path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expectSecurityHeaders(res);
      expect(res.body).toContain('<script type="module" src="/dashboard/app.js"></script>');
      // the CSP forbids inline code, so the page must not need any
      expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
      expect(res.body).not.toMatch(/\son[a-z]+=/i);
      expect(res.body).not.toMatch(/<style/i);
    }
    // the panels build their own sections: the trading panel's heading says PAPER TRADING
    expect((await rawGet(rig.app.httpUrl, '/dashboard/record-views.js')).body).toMatch(/PAPER TRADING/);
  });

  it('loads every script and stylesheet the page needs, following the ES-module imports', async () => {
    const page = await rawGet(rig.app.httpUrl, '/dashboard');
    const pending = [...page.body.matchAll(/(?:src|href)="(\/dashboard\/[^"]+)"/g)].map((m) => m[1]!);
    expect(pending).toEqual(expect.arrayContaining(['/dashboard/app.js', '/dashboard/dashboard.css']));
    const seen = new Set<string>();
    while (pending.length > 0) {
      const path = pending.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await rawGet(rig.app.httpUrl, path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expectSecurityHeaders(res);
      if (path.endsWith('.js')) {
        expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
        for (const m of res.body.matchAll(/^import .* from '\.\/([a-z-]+\.js)';$/gm)) pending.push(`/dashboard/${m[1]}`);
      } else {
        expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
      }
    }
    expect([...seen].sort()).toEqual(
      [
        '/dashboard/actions.js',
        '/dashboard/admin-views.js',
        '/dashboard/api.js',
        '/dashboard/app.js',
        '/dashboard/chart.js',
        '/dashboard/dashboard.css',
        '/dashboard/device-commands.js',
        '/dashboard/device-management.js',
        '/dashboard/dispatch.js',
        '/dashboard/dom.js',
        '/dashboard/history.js',
        '/dashboard/lineage.js',
        '/dashboard/live.js',
        '/dashboard/map.js',
        '/dashboard/panel.js',
        '/dashboard/password.js',
        '/dashboard/record-views.js',
        '/dashboard/tokyo-outline.js',
        '/dashboard/views.js',
      ],
    );
  });

  it('answers 304 to a revalidation with the current ETag', async () => {
    const first = await rawGet(rig.app.httpUrl, '/dashboard/app.js');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await rawGet(rig.app.httpUrl, '/dashboard/app.js', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers 404 for an unknown asset, still with the security headers', async () => {
    for (const path of ['/dashboard/nope.js', '/dashboard/index.htm', '/dashboard/app.js.map', '/dashboard/.hidden.js']) {
      const res = await rawGet(rig.app.httpUrl, path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expectSecurityHeaders(res);
    }
  });

  it.each([
    '/dashboard/../package.json',
    '/dashboard/..%2fpackage.json',
    '/dashboard/..%2F..%2Fpackage.json',
    '/dashboard/%2e%2e%2fpackage.json',
    '/dashboard/%2e%2e/package.json',
    '/dashboard/.%2e/.%2e/.%2e/package.json',
    '/dashboard/%252e%252e%252fpackage.json',
    '/dashboard/..%5cpackage.json',
    '/dashboard/..%5c..%5c..%5cpackage.json',
    '/dashboard/%2fetc%2fpasswd',
    '/dashboard//etc/passwd',
    '/dashboard/..%2f..%2f..%2fsrc%2fdashboard.module.ts',
    '/dashboard/index.html%00.js',
  ])('refuses path traversal: %s', async (path) => {
    const res = await rawGet(rig.app.httpUrl, path);
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain('devDependencies');
    expect(res.body).not.toContain('root:');
    expect(res.body).not.toContain('@Module');
  });

  it('leaves the REST API behind its tokens: the page is public, the data is not', async () => {
    expect((await rig.app.request('GET', '/devices', { role: null })).status).toBe(401);
    expect((await rig.app.request('GET', '/devices', { role: 'trading' })).status).toBe(403);
    const listed = await rig.app.request('GET', '/devices', { role: 'operator' });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual(expect.objectContaining({ items: expect.any(Array), total: expect.any(Number) }));
    // a panel whose module is not mounted gets 404: the page shows "currently unavailable" for it
    expect((await rig.app.request('GET', '/work-orders', { role: 'operator' })).status).toBe(404);
  });
});
