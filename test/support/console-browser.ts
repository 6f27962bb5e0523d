/**
 * The operators' console in a real browser: Debian's Chromium (`/usr/bin/chromium`,
 * installed by scripts/install-test-deps.sh) driven by playwright-core, never a
 * downloaded browser build. Operators are created over REST with the admin test
 * token and sign in through the page's own form.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { InProcessBus } from '@tsunagu/platform';
import type { RunningApp } from './app-harness';
import { appUnderTest, type AppUnderTest, type AppUnderTestOptions } from './app-under-test';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Screenshots of the browser tests (kept by CI as artifacts). */
export const ARTIFACTS = resolve(__dirname, '..', '..', '.data', 'artifacts');

export interface ConsoleBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** console errors and page errors (a CSP violation is one); 400/401/403/404/409 resources are expected (refusals the page shows) and left out */
  readonly problems: string[];
  /** requests that left the app's origin */
  readonly foreign: string[];
  /** the rows of a panel's tables holding `text` */
  row(panel: string, text: string): Locator;
  close(): Promise<void>;
}

/** A fresh Chromium profile in Tokyo's zone and a Japanese locale, as an operations room there runs it. */
export async function openConsoleBrowser(app: RunningApp, options: { width?: number; height?: number } = {}): Promise<ConsoleBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: options.width ?? 1280, height: options.height ?? 1600 },
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  const foreign: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of (400|401|403|404|409)/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => {
    if (!r.url().startsWith(app.httpUrl) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreign.push(r.url());
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    page,
    problems,
    foreign,
    row: (panel, text) => page.locator(`#${panel} tbody tr`, { hasText: text }),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Creates an operator account (with the admin API token: a service account may manage accounts). */
export async function createOperator(app: RunningApp, username: string, roles: readonly string[], password = `${username}-password-1234`): Promise<{ username: string; password: string }> {
  const res = await app.request('POST', '/auth/users', { body: { username, password, roles } });
  if (res.status !== 201) throw new Error(`could not create ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return { username, password };
}

/** Signs in through the console's form and waits until the page says who is signed in. */
export async function signInThroughPage(page: Page, app: RunningApp, user: { username: string; password: string }): Promise<void> {
  if (!page.url().startsWith(`${app.httpUrl}/dashboard`)) await page.goto(`${app.httpUrl}/dashboard`);
  await page.fill('#username', user.username);
  await page.fill('#password', user.password);
  await page.click('#login-form button[type=submit]');
  await page.locator('#whoami', { hasText: user.username }).waitFor({ timeout: 20_000 });
}

/** Opens the lineage view of a row (its Lineage button) and waits for it: the view and its text. */
export async function openLineage(page: Page, row: Locator): Promise<{ view: Locator; text: string }> {
  await row.waitFor({ timeout: 30_000 });
  await row.locator('button[data-action="lineage"]').click();
  const view = page.locator('#view-lineage');
  await view.locator('dl.lineage').first().waitFor({ timeout: 20_000 });
  return { view, text: (await view.textContent()) ?? '' };
}

/** What a console test runs: its own database, the in-process bus, the app and a Chromium on it. */
export type ConsoleRig = AppUnderTest<InProcessBus> & { readonly browser: ConsoleBrowser };

/**
 * The app with `options.modules` (the dashboard and identity among them) on a fresh
 * database (`appUnderTest`), and a browser on it; closed after the file.
 */
export function consoleUnderTest(options: Omit<AppUnderTestOptions, 'serviceName' | 'kafka' | 'bus' | 'restartable'>): ConsoleRig {
  const rig = appUnderTest({ serviceName: 'console', ...options });
  let browser: ConsoleBrowser | undefined;
  beforeAll(async () => {
    browser = rig.resources.own(await openConsoleBrowser(rig.app), (b) => b.close());
  });
  return Object.create(rig, {
    browser: {
      get: () => {
        if (!browser) throw new Error('consoleUnderTest: the browser is read before beforeAll ran');
        return browser;
      },
    },
  }) as ConsoleRig;
}
