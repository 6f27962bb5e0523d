/**
 * The history in a real browser (Debian's Chromium driven by playwright-core):
 * a machine's coolant climbs over MQTT past its limit and maintenance opens a work
 * order for it; an operator opens the dashboard, follows "show the readings behind
 * this finding" and sees the coolant curve, the catalogue's limit line and the
 * finding on the time axis; the fleet map shows the machine and leads to the same
 * chart. No request leaves the page's origin, and the page logs no error (a CSP
 * violation would be one).
 * Screenshots: .data/artifacts/telemetry-history-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { TOPICS } from '@tsunagu/contracts';
import { maintenanceFinding } from '@tsunagu/operation-analysis';
import { MaintenanceModule } from '@apps/maintenance';
import { DashboardModule } from '@apps/dashboard';
import { IdentityModule } from '@apps/identity';
import { appUnderTest } from '../../../test/support/app-under-test';
import { ARTIFACTS, createOperator, openConsoleBrowser, signInThroughPage, type ConsoleBrowser } from '../../../test/support/console-browser';
import { expectEventually, uniqueId } from '../../../test/support/test-env';
import { provisionMachine, publishOverMqtt } from '../../operation-analysis/test/pair1-fixtures';
import { TelemetryHistoryModule } from '../src/index';
import { exactSeries } from './history-fixtures';

describe('telemetry history in Chromium: the chart behind a finding, and the fleet map', () => {
  const HOUR = 3_600_000;
  const T0 = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
  const rig = appUnderTest({
    serviceName: 'history-browser',
    kafka: uniqueId('thb-'),
    topics: [TOPICS.machineTelemetry, TOPICS.vehicleTelemetry, TOPICS.maintenanceFindings, TOPICS.workOrderClosed],
    ingest: {},
    modules: [TelemetryHistoryModule.register(), MaintenanceModule.register(), IdentityModule.register({ adminPassword: 'history-browser-admin-1' }), DashboardModule],
  });
  let browser: ConsoleBrowser;
  let page: Page;

  beforeAll(async () => {
    // the panels of services this test does not mount answer 404 (the page degrades them): the browser leaves those out of its problems
    browser = rig.resources.own(await openConsoleBrowser(rig.app), (b) => b.close());
    page = browser.page;
  });

  it('follows a work order to the coolant curve with its limit line and the finding marked', async () => {
    const machine = await provisionMachine(rig.app, 'excavator-20t', 'shinjuku-a');
    // an hour at 5 s: steady, then climbing ~0.5 °C a minute past the 105 °C limit
    const readings = exactSeries(machine.deviceId, { startTs: T0, count: 720 }).map((r, i) => ({ ...r, coolantTempC: 86 + (i < 240 ? (i % 8) / 4 : 2 + (i - 240) * 0.0425 + (i % 8) / 4) }));
    await publishOverMqtt(rig.mqttUrl, machine, readings);
    await expectEventually(async () => expect((await rig.app.request('GET', `/telemetry/latest?deviceId=${machine.deviceId}`, { role: 'operator' })).body.items[0]?.seq).toBe(719), { timeoutMs: 60_000 });
    const crossedAt = readings.find((r) => r.coolantTempC >= 105)!.ts;
    const finding = maintenanceFinding({
      subjectId: machine.deviceId,
      detectedAt: crossedAt,
      origin: { topic: TOPICS.machineTelemetry, partition: 0, fromOffset: '0', toOffset: '1' },
      site: 'shinjuku-a',
      engineHours: 1000,
    });
    await rig.bus.publish(TOPICS.maintenanceFindings, [{ key: machine.deviceId, value: JSON.stringify(finding) }]);
    await expectEventually(async () => expect((await rig.app.request('GET', `/work-orders?machineId=${machine.deviceId}`, { role: 'operator' })).body.items).toHaveLength(1));

    await signInThroughPage(page, rig.app, await createOperator(rig.app, 'hana', ['operator']));
    const link = page.locator('#panel-work-orders a.readings-link').first();
    await link.waitFor({ timeout: 20_000 });
    await link.click();

    const chart = page.locator('#view-history .history-chart[data-metric="coolantTempC"]');
    await chart.locator('.chart-line').first().waitFor({ timeout: 20_000 });
    // the curve: one path vertex per bucket (an hour of readings in the 4-hour window around the finding); the limit line at 105; the finding marked
    const points = await chart.locator('.chart-line').evaluateAll((ps) => ps.reduce((n, p) => n + Number(p.getAttribute('data-points')), 0));
    expect(points).toBeGreaterThan(50);
    expect(await chart.locator('.chart-limit-limit').getAttribute('data-value')).toBe('105');
    expect(await chart.locator('.chart-limit-critical').getAttribute('data-value')).toBe('110');
    expect(await chart.locator('.chart-finding').count()).toBe(1);
    expect(Number(await chart.locator('.chart-finding').getAttribute('data-t'))).toBe(crossedAt);
    // times are told in the browser's zone
    expect(await page.locator('#view-history .history-range').textContent()).toContain('Asia/Tokyo');
    // the limit line is drawn where the values cross it: the curve reaches above it
    const [limitY, minY] = await chart.locator('svg').evaluate((svg) => {
      const y = Number(svg.querySelector('.chart-limit-limit line')!.getAttribute('y1'));
      const d: string = svg.querySelector('.chart-line')!.getAttribute('d')!;
      const ys = d.split(/[ML]/).filter(Boolean).map((p: string) => Number(p.split(',')[1]));
      return [y, Math.min(...ys)];
    });
    expect(minY).toBeLessThan(limitY);
    await chart.screenshot({ path: join(ARTIFACTS, 'telemetry-history-chart.png') });
    await page.locator('#view-history').screenshot({ path: join(ARTIFACTS, 'telemetry-history-view.png') });
  });

  it('shows the machine on the fleet map; a click opens its history', async () => {
    await page.evaluate("location.hash = ''");
    const dot = page.locator('#panel-map .map-device').first();
    await dot.waitFor({ timeout: 20_000 });
    expect(await page.locator('#panel-map .map-land').count()).toBeGreaterThan(0);
    await page.locator('#panel-map').screenshot({ path: join(ARTIFACTS, 'telemetry-history-map.png') });
    await dot.click();
    await page.locator('#view-history .history-chart .chart-line').first().waitFor({ timeout: 20_000 });
    expect(browser.problems).toEqual([]);
    expect(browser.foreign).toEqual([]);
  });
});

