import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DashboardAssets, findRepoRoot, resolvePublicDir } from './dashboard-assets';

describe('dashboard assets', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'dash-'));
    writeFileSync(join(root, 'package.json'), '{}');
    const pub = join(root, 'apps', 'dashboard', 'src', 'public');
    mkdirSync(join(pub, 'nested'), { recursive: true });
    writeFileSync(join(pub, 'index.html'), '<!doctype html>');
    writeFileSync(join(pub, 'app.js'), 'export {}');
    writeFileSync(join(pub, 'notes.md'), '# not served');
    writeFileSync(join(pub, '.secret.js'), 'hidden');
    writeFileSync(join(pub, 'nested', 'deep.js'), 'not served');
    mkdirSync(join(root, 'dist', 'apps', 'dashboard', 'src'), { recursive: true });
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds the source folder from the compiled module in dist/ (the build copies no html/js/css)', () => {
    const fromDist = join(root, 'dist', 'apps', 'dashboard', 'src');
    expect(findRepoRoot(fromDist)).toBe(root);
    expect(resolvePublicDir(fromDist)).toBe(join(root, 'apps', 'dashboard', 'src', 'public'));
  });

  it('uses the public folder beside the module in the source tree', () => {
    const fromSource = join(root, 'apps', 'dashboard', 'src');
    expect(resolvePublicDir(fromSource)).toBe(join(fromSource, 'public'));
  });

  it('fails at start-up, naming the folders tried, when the page is missing', () => {
    rmSync(join(root, 'apps'), { recursive: true });
    expect(() => resolvePublicDir(join(root, 'dist', 'apps', 'dashboard', 'src'))).toThrow(/no index\.html in .*public/);
  });

  it('serves only top-level files of the known types, by exact name', () => {
    const assets = new DashboardAssets(resolvePublicDir(join(root, 'apps', 'dashboard', 'src')));
    expect(assets.names()).toEqual(['app.js', 'index.html']);
    expect(assets.get('app.js')?.contentType).toBe('text/javascript; charset=utf-8');
    expect(assets.index.contentType).toBe('text/html; charset=utf-8');
    for (const name of ['../package.json', 'nested/deep.js', '.secret.js', 'notes.md', 'APP.JS', '']) expect(assets.get(name)).toBeNull();
  });

  it('the real folder holds the page and its modules', () => {
    const assets = new DashboardAssets(resolvePublicDir());
    expect(assets.names()).toEqual(['actions.js', 'admin-views.js', 'api.js', 'app.js', 'chart.js', 'dashboard.css', 'device-commands.js', 'device-management.js', 'dispatch.js', 'dom.js', 'history.js', 'index.html', 'lineage.js', 'live.js', 'map.js', 'panel.js', 'password.js', 'record-views.js', 'tokyo-outline.js', 'views.js']);
  });
});
