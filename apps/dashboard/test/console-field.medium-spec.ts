/**
 * The operators' console in a real Chromium over the platform fed by real devices:
 * the ingest broker (embedded MQTT), vehicle monitoring, the call centre, operation
 * analysis, maintenance, dispatch and identity in one process on a real PostgreSQL
 * (in-process bus, no Kafka). Provisioned devices connect with mqtt.js and publish
 * their telemetry; the operator sees the fleet, acknowledges the case a van's crash
 * opened, follows a work order a coolant overrun opened back to the readings
 * behind it, closes a dispatch request (its vehicle goes to the other station; the
 * server's 409 shown on a stale row) and changes their own password.
 * Screenshots: .data/artifacts/console-field-*.png.
 */
import { join } from 'node:path';
import { TOPICS, type TransitDisruptionV1 } from '@tsunagu/contracts';
import { Publisher } from '@tsunagu/platform';
import { CallCentreModule } from '@apps/call-centre';
import { DispatchModule } from '@apps/dispatch';
import { IdentityModule } from '@apps/identity';
import { MaintenanceModule } from '@apps/maintenance';
import { OperationAnalysisModule } from '@apps/operation-analysis';
import { VehicleMonitoringModule } from '@apps/vehicle-monitoring';
import { ARTIFACTS, createOperator, openLineage, signInThroughPage, consoleUnderTest } from '../../../test/support/console-browser';
import { rememberSecret } from '../../../test/support/secret-scan';
import { expectEventually } from '../../../test/support/test-env';
import { provisionMachine, publishOverMqtt, series, type Device } from '../../operation-analysis/test/pair1-fixtures';
import { provisionVehicle, vanReading, type TestVehicle } from '../../vehicle-monitoring/test/vehicle-fleet';
import { DashboardModule } from '../src/dashboard.module';

const TOKYO = { lat: 35.6812, lon: 139.7671 };
const KANDA = { lat: 35.6918, lon: 139.7709 };

describe('operators’ console in Chromium over real devices: fleet, a crash over MQTT, a work order’s readings, dispatch', () => {
  const rig = consoleUnderTest({
    ingest: {},
    modules: [
      IdentityModule.register({ adminPassword: 'console-field-admin-password' }),
      // no offline sweep during the test: it would take the quiet vans offline
      VehicleMonitoringModule.register({ offlineSweepMs: 3_600_000 }),
      CallCentreModule.register(),
      OperationAnalysisModule.register(),
      MaintenanceModule.register(),
      DispatchModule.register(),
      DashboardModule,
    ],
  });
  let crashing: TestVehicle;
  let spare: TestVehicle;
  let machine: Device;
  const operator = { username: 'aiko', password: 'aiko-password-1234' };

  beforeAll(async () => {
    // the vans disconnect before the app closes (the resources close in reverse order)
    crashing = rig.resources.own(await provisionVehicle(rig.app, rig.mqttUrl), (v) => v.close());
    spare = rig.resources.own(await provisionVehicle(rig.app, rig.mqttUrl), (v) => v.close());
    machine = await provisionMachine(rig.app, 'excavator-20t', '品川-b');
    await createOperator(rig.app, operator.username, ['operator', 'callcentre', 'maintenance', 'dispatch'], operator.password);
  }, 120_000);

  const row = (panel: string, text: string) => rig.browser.row(panel, text);

  it('signs in and sees the fleet: every provisioned device, the connected ones online', async () => {
    const { page } = rig.browser;
    await signInThroughPage(page, rig.app, operator);
    for (const id of [crashing.id, spare.id, machine.deviceId]) await row('panel-devices', id).waitFor({ timeout: 20_000 });
    await row('panel-devices', crashing.id).locator('text=online').waitFor({ timeout: 20_000 });
    expect(await page.locator('#panel-devices .headline').textContent()).toContain('3 devices');
    await page.locator('#panel-devices').screenshot({ path: join(ARTIFACTS, 'console-field-fleet.png') });
  });

  it('acknowledges the case a real crash over MQTT opened', async () => {
    const { page } = rig.browser;
    const t0 = Date.now() - 10_000;
    await crashing.send([0, 1, 2].map((i) => vanReading(t0, i)));
    await crashing.send([vanReading(t0, 3, { type: 'event', event: 'crash', accel: { x: -6.5, y: 2.1, z: 0.8 }, speedKmh: 52 })]);
    const theCase = row('panel-call-centre', crashing.id);
    await theCase.waitFor({ timeout: 20_000 });
    expect(await theCase.textContent()).toContain('crash');
    await theCase.locator('button[data-action="acknowledge"]').click();
    await theCase.locator('.status', { hasText: 'acknowledged' }).waitFor({ timeout: 20_000 });
    await page.locator('#panel-call-centre').screenshot({ path: join(ARTIFACTS, 'console-field-crash-case.png') });
    const [c] = (await rig.app.request('GET', `/call-centre/cases?vehicleId=${crashing.id}&status=acknowledged`)).body.items;
    expect(c).toMatchObject({ kind: 'crash', priority: 1, assignedAgent: operator.username });
  });

  it('follows a work order that real readings opened back to those readings', async () => {
    const { page } = rig.browser;
    // ten readings at 88 °C, then 45 s at 108 °C: over the 105 °C limit for longer than its 30 s
    const readings = series(machine, { count: 55, intervalSec: 1, startTs: Date.now() - 600_000, values: (i) => ({ coolantTempC: i < 10 ? 88 : 108 }) });
    await publishOverMqtt(rig.mqttUrl, machine, readings);
    const { view, text } = await openLineage(page, row('panel-work-orders', machine.deviceId));
    // the finding's record, the telemetry it was read from, and the readings themselves
    expect(text).toContain(TOPICS.maintenanceFindings);
    expect(text).toContain(TOPICS.machineTelemetry);
    expect(text).toContain('coolantTempC');
    expect(text).toContain('108');
    // the readings' times read as times in the browser's zone, the epoch ms beside them
    const firstTs = view.locator('dd time').first();
    expect(await firstTs.getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const [wo] = (await rig.app.request('GET', `/work-orders?machineId=${machine.deviceId}`)).body.items;
    const lineage = (await rig.app.request('GET', `/work-orders/${wo.id}/lineage`)).body;
    const quoted = lineage.findings[0].evidence.map((r: { ts: number }) => r.ts);
    // the evidence is readings this machine sent
    expect(quoted.length).toBeGreaterThan(0);
    expect(quoted.every((ts: number) => readings.some((r) => r.ts === ts))).toBe(true);
    await view.screenshot({ path: join(ARTIFACTS, 'console-field-work-order-lineage.png') });
    await view.locator('button.close').click();
  });

  it('closes a dispatch request in the page: its vehicle goes to the other station; a stale row shows the 409', async () => {
    const { page } = rig.browser;
    const t0 = Date.now() - 5_000;
    await spare.send([0, 1].map((i) => vanReading(t0, i, { position: TOKYO })));
    await expectEventually(async () => expect((await rig.app.request('GET', `/dispatch/vehicles`)).body.items.map((v: { vehicleId: string }) => v.vehicleId)).toContain(spare.id));
    const disruption: TransitDisruptionV1 = {
      disruptionId: `chuo-rapid:${t0}`,
      status: 'started',
      kind: 'suspension',
      lineId: 'jr-chuo-rapid',
      lineName: '中央線快速',
      stations: [
        { id: 'tokyo', name: '東京', position: TOKYO },
        { id: 'kanda', name: '神田', position: KANDA },
      ],
      startedAt: t0,
      confidence: 0.9,
      sampleTweets: [],
      emittedAt: t0,
    };
    await new Publisher(rig.bus, { producer: 'tweet-analysis', validate: true }).publish(TOPICS.transitDisruptions, [{ value: disruption, cause: { topic: TOPICS.tweets, partition: 0, offset: '9' } }]);
    const panel = page.locator('#panel-dispatch');
    const tokyo = row('panel-dispatch', '東京');
    await tokyo.locator('button[data-action="close"]').waitFor({ timeout: 20_000 });
    // the one free van went to the nearest station
    await panel.locator('tbody tr', { hasText: spare.id }).filter({ hasText: '東京' }).waitFor({ timeout: 20_000 });
    await panel.screenshot({ path: join(ARTIFACTS, 'console-field-dispatch.png') });

    page.once('dialog', (d) => void d.accept('station staff report enough taxis'));
    await tokyo.locator('button[data-action="close"]').click();
    await panel.locator(`button[data-key="close:${disruption.disruptionId}@tokyo"]`).waitFor({ state: 'detached', timeout: 20_000 });
    // released from Tokyo, sent on to Kanda
    await panel.locator('tbody tr', { hasText: spare.id }).filter({ hasText: '神田' }).waitFor({ timeout: 20_000 });
    const closed = (await rig.app.request('GET', `/dispatch/requests?status=closed`, { role: 'dispatch' })).body.items;
    expect(closed).toEqual([expect.objectContaining({ stationName: '東京', closedBy: operator.username, closeNote: 'station staff report enough taxis' })]);

    // another dispatcher closes Kanda while this page is paused: its Close is refused with the server's reason
    await page.click('#pause');
    const kanda = `${disruption.disruptionId}@kanda`;
    expect((await rig.app.request('POST', `/dispatch/requests/${encodeURIComponent(kanda)}/close`, { role: 'dispatch', body: { by: 'another-dispatcher' } })).status).toBe(200);
    page.once('dialog', (d) => void d.accept(''));
    await row('panel-dispatch', '神田').locator('button[data-action="close"]').click();
    await page.locator('#panel-dispatch .panel-status[data-kind="error"]', { hasText: '409' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('#panel-dispatch .panel-status').textContent()).toMatch(/allowed now: none/);
    await page.click('#pause');
  });

  it('lets the operator change their own password: the old one is needed, the change is audited', async () => {
    const { page } = rig.browser;
    const next = 'aiko-new-password-5678';
    rememberSecret(next, 'a wrong current password');
    await page.locator('#my-password summary').click();
    await page.fill('#current-password', 'a wrong current password');
    await page.fill('#new-password', next);
    await page.click('#password-form button[type=submit]');
    await page.locator('#password-result', { hasText: 'current password is wrong' }).waitFor({ timeout: 20_000 });
    await page.fill('#current-password', operator.password);
    await page.fill('#new-password', next);
    await page.click('#password-form button[type=submit]');
    await page.locator('#password-result', { hasText: 'Password changed' }).waitFor({ timeout: 20_000 });
    // this session goes on; the old password no longer signs in, the new one does
    expect(await page.evaluate(async () => ((await (await fetch('/auth/session')).json()) as { session: { username: string } }).session.username)).toBe(operator.username);
    const login = (password: string) => fetch(`${rig.app.httpUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: operator.username, password }) });
    expect((await login(operator.password)).status).toBe(401);
    expect((await login(next)).status).toBe(200);
    const trail = (await rig.app.request('GET', `/auth/audit?actor=${operator.username}&path=/auth/password`)).body.items;
    expect(trail.map((e: { outcome: string; body: unknown }) => [e.outcome, e.body])).toEqual([
      ['done', { current: '[redacted]', next: '[redacted]' }],
      ['refused', { current: '[redacted]', next: '[redacted]' }],
    ]);
  });

  it('logged no page error and sent nothing outside its origin', () => {
    expect(rig.browser.problems).toEqual([]);
    expect(rig.browser.foreign).toEqual([]);
  });
});
