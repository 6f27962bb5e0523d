/**
 * The operators' console in a real Chromium (Debian's, driven by playwright-core)
 * over maintenance, the call centre and identity on a real PostgreSQL (in-process
 * bus): an operator with the maintenance and call-centre roles signs in through
 * the form, sees the work order a finding opened and the case an incident opened,
 * starts and finishes the work order, acknowledges and resolves the case (the
 * history names the signed-in user, whatever the page sent as `by`), follows a
 * case's lineage to the Kafka record and readings behind it, sees a new case
 * appear live (the server-sent stream, not the 30 s safety poll), sees the
 * server's 409 when acting on a stale row, and signs out. No request leaves the
 * origin; the page logs no error (a CSP violation would be one).
 * Screenshots: .data/artifacts/console-*.png.
 */
import { join } from 'node:path';
import { TOPICS, deadLetterTopicOf, type VehicleIncidentV1 } from '@tsunagu/contracts';
import { Publisher } from '@tsunagu/platform';
import { maintenanceFinding } from '@tsunagu/operation-analysis';
import { vehicleIncident } from '@tsunagu/vehicle-monitoring';
import { CallCentreModule } from '@apps/call-centre';
import { IdentityModule } from '@apps/identity';
import { MaintenanceModule } from '@apps/maintenance';
import { DeadLettersModule } from '@apps/dead-letters';
import { TradingModule } from '@apps/trading';
import { ARTIFACTS, createOperator, openLineage, signInThroughPage, consoleUnderTest } from '../../../test/support/console-browser';
import { expectEventually } from '../../../test/support/test-env';
import { DashboardModule } from '../src/dashboard.module';

const NOW = Date.now();

const finding = (machineId: string) =>
  maintenanceFinding({ subjectId: machineId, findingId: `${machineId}:coolant:limit-crossed:${NOW}`, detectedAt: NOW - 60_000, site: '新宿-a', engineHours: 1000 });

const incident = (vehicleId: string, kind: VehicleIncidentV1['kind']) =>
  vehicleIncident({ subjectId: vehicleId, kind, findingId: `${vehicleId}:${kind}:${NOW}`, detectedAt: NOW - 30_000 });

describe('operators’ console in Chromium: sign in, see records, act on them, live, sign out', () => {
  const rig = consoleUnderTest({ modules: [IdentityModule.register({ adminPassword: 'console-admin-password' }), MaintenanceModule.register(), CallCentreModule.register(), DeadLettersModule.register(), TradingModule.register(), DashboardModule] });
  const detectors = () => new Publisher(rig.bus, { producer: 'detectors', validate: true });

  const row = (panel: string, text: string) => rig.browser.row(panel, text);

  it('signs in, shows the records, transitions a work order and resolves a case as the signed-in user', async () => {
    const { page } = rig.browser;
    await detectors().publish(TOPICS.maintenanceFindings, [{ value: finding('exc-101'), cause: { topic: TOPICS.machineTelemetry, partition: 0, offset: '12' } }]);
    await detectors().publish(TOPICS.vehicleIncidents, [{ value: incident('veh-201', 'overheating'), cause: { topic: TOPICS.vehicleTelemetry, partition: 1, offset: '42' } }]);
    await expectEventually(async () => expect((await rig.app.request('GET', '/work-orders?machineId=exc-101')).body.items).toHaveLength(1));
    await expectEventually(async () => expect((await rig.app.request('GET', '/call-centre/cases?vehicleId=veh-201')).body.items).toHaveLength(1));

    await page.goto(`${rig.app.httpUrl}/dashboard`);
    await page.locator('#panel-work-orders .panel-status', { hasText: 'Sign in' }).waitFor();
    // a wrong password is told, and nothing loads
    await page.fill('#username', 'kenji');
    await page.fill('#password', 'not the password');
    await page.click('#login-form button[type=submit]');
    await page.locator('#login-error', { hasText: 'Wrong user name or password' }).waitFor();

    const kenji = await createOperator(rig.app, 'kenji', ['maintenance', 'callcentre']);
    await signInThroughPage(page, rig.app, kenji);
    await page.locator('#live-state[data-state="live"]').waitFor({ timeout: 20_000 });
    // not an admin: the accounts panel is not shown
    expect(await page.locator('#panel-users').isHidden()).toBe(true);

    const workOrder = row('panel-work-orders', 'exc-101');
    await workOrder.waitFor({ timeout: 20_000 });
    expect(await workOrder.textContent()).toContain('新宿');
    await page.screenshot({ path: join(ARTIFACTS, 'console-signed-in.png'), fullPage: true });

    await workOrder.locator('button[data-action="start"]').click();
    await workOrder.locator('.status', { hasText: 'in progress' }).waitFor({ timeout: 20_000 });
    page.once('dialog', (d) => void d.accept('coolant pump replaced'));
    await workOrder.locator('button[data-action="done"]').click();
    await workOrder.waitFor({ state: 'detached', timeout: 20_000 });
    const [wo] = (await rig.app.request('GET', '/work-orders?machineId=exc-101&status=done')).body.items;
    expect(wo.closedBy).toBe('kenji');
    const detail = await rig.app.request('GET', `/work-orders/${wo.id}`);
    expect(JSON.stringify(detail.body)).toContain('"actor":"kenji"');

    const theCase = row('panel-call-centre', 'veh-201');
    await theCase.locator('button[data-action="acknowledge"]').click();
    await theCase.locator('.status', { hasText: 'acknowledged' }).waitFor({ timeout: 20_000 });
    page.once('dialog', (d) => void d.accept('driver reached, engine cooled down'));
    await theCase.locator('button[data-action="resolve"]').click();
    await theCase.waitFor({ state: 'detached', timeout: 20_000 });
    const cases = (await rig.app.request('GET', '/call-centre/cases?vehicleId=veh-201&status=resolved')).body.items;
    expect(cases).toHaveLength(1);
    const history = JSON.stringify((await rig.app.request('GET', `/call-centre/cases/${cases[0].id}`)).body);
    expect(history).toContain('kenji');
  });

  it('follows a case’s lineage to the incident’s Kafka record and the readings behind it', async () => {
    const { page } = rig.browser;
    await detectors().publish(TOPICS.vehicleIncidents, [{ value: incident('veh-202', 'harsh-driving'), cause: { topic: TOPICS.vehicleTelemetry, partition: 2, offset: '77' } }]);
    const { view, text } = await openLineage(page, row('panel-call-centre', 'veh-202'));
    expect(text).toContain(TOPICS.vehicleIncidents);
    expect(text).toContain(TOPICS.vehicleTelemetry);
    expect(text).toContain('77');
    await view.screenshot({ path: join(ARTIFACTS, 'console-lineage.png') });
    await view.locator('button.close').click();
  });

  it('shows a new case live, from the server-sent stream', async () => {
    const { page } = rig.browser;
    await page.locator('#live-state[data-state="live"]').waitFor();
    await detectors().publish(TOPICS.vehicleIncidents, [{ value: incident('veh-203', 'crash'), cause: { topic: TOPICS.vehicleTelemetry, partition: 0, offset: '5' } }]);
    // the page polls a panel the stream covers only every 30 s: seeing it well within that is the stream's doing
    await row('panel-call-centre', 'veh-203').waitFor({ timeout: 10_000 });
  });

  it('shows the server’s 409 when a row is stale', async () => {
    const { page } = rig.browser;
    const theCase = row('panel-call-centre', 'veh-203');
    await page.click('#pause');
    const [c] = (await rig.app.request('GET', '/call-centre/cases?vehicleId=veh-203')).body.items;
    expect((await rig.app.request('POST', `/call-centre/cases/${c.id}/acknowledge`, { role: 'callcentre', body: { by: 'another-agent' } })).status).toBe(200);
    // the paused page still offers Acknowledge
    await theCase.locator('button[data-action="acknowledge"]').click();
    await page.locator('#panel-call-centre .panel-status[data-kind="error"]', { hasText: '409' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('#panel-call-centre .panel-status').textContent()).toMatch(/allowed now: in contact, resolved/);
    await page.click('#pause');
  });

  it('signs out: the panels ask to sign in again and the old cookie no longer works', async () => {
    const { page } = rig.browser;
    await page.click('#sign-out');
    await page.locator('#login-form').waitFor({ state: 'visible' });
    await page.locator('#panel-call-centre .panel-status', { hasText: 'Sign in' }).waitFor();
    expect(await page.locator('#live-state').textContent()).toBe('off');
    expect(await page.evaluate(async () => (await (await fetch('/auth/session')).json()) as unknown)).toEqual({ session: null });
    const cookies = await rig.browser.context.cookies();
    expect(cookies.find((c) => c.name === 'tsunagu_session')).toBeUndefined();
    await page.screenshot({ path: join(ARTIFACTS, 'console-signed-out.png'), fullPage: true });
  });

  it('lets an operator send a dead letter back and see the case it opens; a service that is not there reads as unavailable', async () => {
    const { page } = rig.browser;
    await signInThroughPage(page, rig.app, await createOperator(rig.app, 'yui', ['operator']));
    // dispatch is not mounted in this app: its panel degrades on its own
    await page.locator('#panel-dispatch .panel-status', { hasText: 'currently unavailable' }).waitFor({ timeout: 20_000 });
    // an incident the call centre failed to process (before a fix), as its dead letter
    const payload = JSON.stringify(incident('veh-204', 'overheating'));
    const letter = new Publisher(rig.bus, { producer: 'call-centre', validate: true }).encodeDeadLetter(
      { reason: 'processing-failed', detail: 'Error: connection reset', origin: { topic: TOPICS.vehicleIncidents, partition: 1, offset: '7' }, key: 'veh-204', payload, payloadEncoding: 'utf8', payloadBytes: payload.length, rejectedBy: 'call-centre', rejectedAt: NOW },
      { topic: TOPICS.vehicleIncidents, partition: 1, offset: '7' },
    );
    await rig.bus.publish(deadLetterTopicOf(TOPICS.vehicleIncidents), [letter]);
    const deadLetter = row('panel-dead-letters', 'veh-204');
    await deadLetter.waitFor({ timeout: 20_000 });
    expect(await deadLetter.textContent()).toContain('processing-failed');
    expect(await row('panel-call-centre', 'veh-204').count()).toBe(0);
    await page.locator('#panel-dead-letters').screenshot({ path: join(ARTIFACTS, 'console-dead-letters.png') });
    await deadLetter.locator('button[data-action="redrive"]').click();
    await deadLetter.waitFor({ state: 'detached', timeout: 20_000 });
    await row('panel-call-centre', 'veh-204').waitFor({ timeout: 20_000 });
    const [stored] = (await rig.app.request('GET', '/dead-letters?status=redriven')).body.items;
    expect(stored).toMatchObject({ status: 'redriven', resolvedBy: 'yui' });
  });

  it('lets an admin create an account in the page, and read and verify the audit trail of what the others did', async () => {
    const { page } = rig.browser;
    await page.click('#sign-out');
    await page.locator('#login-form').waitFor({ state: 'visible' });
    await signInThroughPage(page, rig.app, { username: 'admin', password: 'console-admin-password' });
    const accounts = page.locator('#panel-users');
    await accounts.locator('tbody tr', { hasText: 'kenji' }).waitFor({ timeout: 20_000 });
    await accounts.locator('input[name=username]').fill('haruto');
    await accounts.locator('input[name=password]').fill('haruto-password-1234');
    await accounts.locator('input[name=roles][value=dispatch]').check();
    await accounts.locator('button[type=submit]').click();
    await accounts.locator('tbody tr', { hasText: 'haruto' }).waitFor({ timeout: 20_000 });
    expect(await accounts.locator('tbody tr', { hasText: 'haruto' }).textContent()).toContain('dispatch');

    const trail = page.locator('#panel-audit');
    await trail.locator('input[name=actor]').fill('kenji');
    await trail.locator('button[type=submit]').click();
    await trail.locator('caption', { hasText: '(filtered)' }).waitFor({ timeout: 20_000 });
    const actions = await trail.locator('tbody tr').allTextContents();
    expect(actions.some((a) => a.includes('POST /work-orders/:id/transitions'))).toBe(true);
    expect(actions.some((a) => a.includes('POST /call-centre/cases/:id/resolve'))).toBe(true);
    expect(actions.every((a) => a.includes('kenji'))).toBe(true);
    await trail.locator('button[data-action="verify"]').click();
    await trail.locator('.audit-verdict[data-ok="true"]', { hasText: 'chain holds' }).waitFor({ timeout: 20_000 });
    await trail.screenshot({ path: join(ARTIFACTS, 'console-audit.png') });

    // the trading kill switch is the admins' (the change names the admin)
    const trading = page.locator('#panel-trading');
    page.once('dialog', (d) => void d.accept('market halt drill'));
    await trading.locator('button[data-key="kill-switch"]').click();
    await trading.getByText('ENGAGED').waitFor({ timeout: 20_000 });
    expect((await rig.app.request('GET', '/trading/kill-switch', { role: 'trading' })).body).toMatchObject({ engaged: true, reason: 'market halt drill', changedBy: 'admin' });
  });

  it('logged no page error and sent nothing outside its origin', () => {
    expect(rig.browser.problems).toEqual([]);
    expect(rig.browser.foreign).toEqual([]);
  });
});
