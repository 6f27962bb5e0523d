/**
 * The console's device-management forms in a real Chromium (Debian's, driven by
 * playwright-core) over the ingest broker, operation analysis, identity and the
 * dashboard on a real PostgreSQL (in-process bus): an operator with the operator
 * and maintenance roles sends a command (a bad argument shows the server's 400),
 * sets a device's desired state (a stale version shows the 409), and edits an
 * alarm rule of a machine model (a limit past its critical level shows the 400, a
 * stale version the 409); a call-centre agent sees only the command form. The page
 * logs no error (a CSP violation would be one) and sends nothing off its origin.
 * Screenshot: .data/artifacts/console-device-management.png.
 */
import { join } from 'node:path';
import { IdentityModule } from '@apps/identity';
import { OperationAnalysisModule } from '@apps/operation-analysis';
import { ARTIFACTS, createOperator, signInThroughPage, consoleUnderTest } from '../../../test/support/console-browser';
import { DashboardModule } from '../src/dashboard.module';

const MODEL = 'excavator-20t';

describe('device management in the console (Chromium): commands, desired state, alarm rules', () => {
  const rig = consoleUnderTest({
    ingest: { commandPollMs: 3_600_000 },
    modules: [IdentityModule.register({ adminPassword: 'console-admin-password' }), OperationAnalysisModule.register({ rulesPollMs: 3_600_000 }), DashboardModule],
  });
  let deviceId: string;

  beforeAll(async () => {
    const provisioned = await rig.app.request('POST', '/devices', { body: { kind: 'machine', model: MODEL } });
    expect(provisioned.status).toBe(201);
    deviceId = provisioned.body.deviceId;
  }, 120_000);

  const status = () => rig.browser.page.locator('#panel-device-management .panel-status');
  /** the panel's message after an action, once it says `text` */
  const told = async (kind: 'ok' | 'error', text: string) => {
    await rig.browser.page.locator(`#panel-device-management .panel-status[data-kind="${kind}"]`, { hasText: text }).waitFor({ timeout: 20_000 });
    return (await status().textContent()) ?? '';
  };

  it('sends a command with JSON arguments; the server’s 400 names the bad argument', async () => {
    const { page } = rig.browser;
    await signInThroughPage(page, rig.app, await createOperator(rig.app, 'aiko', ['operator', 'maintenance']));
    const form = page.locator('#form-command');
    await form.waitFor({ timeout: 20_000 });
    // the catalogue's names are offered
    expect(await page.locator('#command-names option[value="diagnostic-dump"]').count()).toBe(1);
    await form.locator('input[name=deviceId]').fill(deviceId);
    await form.locator('input[name=name]').fill('set-reporting-interval');
    await form.locator('textarea[name=args]').fill('{"intervalMs": "fast"}');
    await form.locator('button[data-action=send]').click();
    expect(await told('error', `Command set-reporting-interval to ${deviceId}: refused (400)`)).toContain('intervalMs');

    await form.locator('textarea[name=args]').fill('{"intervalMs": 2000}');
    await form.locator('button[data-action=send]').click();
    await told('ok', `Command set-reporting-interval to ${deviceId}: done`);
    const [sent] = (await rig.app.request('GET', `/devices/${deviceId}/commands`)).body.items ?? (await rig.app.request('GET', `/devices/${deviceId}/commands`)).body;
    expect(sent).toMatchObject({ name: 'set-reporting-interval', args: { intervalMs: 2000 }, state: 'queued', requestedBy: expect.stringContaining('aiko') });
  });

  it('sets the desired state naming the version; a stale version shows the server’s 409', async () => {
    const { page } = rig.browser;
    const form = page.locator('#form-desired');
    await form.locator('input[name=deviceId]').fill(deviceId);
    await form.locator('textarea[name=desired]').fill('{"reportingIntervalMs": 5000}');
    await form.locator('button[data-action=set]').click();
    await told('ok', `Desired state of ${deviceId}: done`);
    // the form now holds the version the server answered
    expect(await form.locator('input[name=version]').inputValue()).toBe('1');
    expect((await rig.app.request('GET', `/devices/${deviceId}/state`)).body).toMatchObject({ desiredVersion: 1, desired: { reportingIntervalMs: 5000 } });

    await form.locator('input[name=version]').fill('0');
    await form.locator('textarea[name=desired]').fill('{"reportingIntervalMs": 1000}');
    await form.locator('button[data-action=set]').click();
    expect(await told('error', `Desired state of ${deviceId}: refused (409)`)).toContain('version 1');
  });

  it('edits an alarm rule of a model: saved with its version, 400 for a limit past its critical level, 409 when stale', async () => {
    const { page } = rig.browser;
    const form = page.locator('#form-rule');
    await form.locator('select[name=service]').selectOption('machines');
    await form.locator('select[name=scope]').selectOption('models');
    await form.locator('input[name=target]').fill(MODEL);
    await form.locator('button[data-action=read]').click();
    await told('ok', `Read the rule of ${MODEL}: done`);
    expect(await form.locator('input[name=version]').inputValue()).toBe('0');

    await form.locator('textarea[name=rule]').fill('{"metrics": {"coolantTempC": {"limit": {"value": 120}}}}');
    await form.locator('button[data-action=save]').click();
    expect(await told('error', `Alarm rule of ${MODEL}: refused (400)`)).toContain('critical');

    await form.locator('textarea[name=rule]').fill('{"metrics": {"coolantTempC": {"limit": {"value": 90}}}}');
    await form.locator('button[data-action=save]').click();
    await told('ok', `Alarm rule of ${MODEL}: done`);
    await form.locator('.rule-version', { hasText: `+model:${MODEL}@v1` }).waitFor({ timeout: 20_000 });
    expect((await rig.app.request('GET', `/alarm-rules/models/${MODEL}`, { role: 'operator' })).body).toMatchObject({ version: 1, updatedBy: 'aiko' });
    await page.locator('#panel-device-management').screenshot({ path: join(ARTIFACTS, 'console-device-management.png') });

    // someone else changes it behind the page
    expect((await rig.app.request('PUT', `/alarm-rules/models/${MODEL}`, { role: 'maintenance', body: { version: 1, rule: { metrics: { coolantTempC: { limit: { value: 92 } } } } } })).status).toBe(200);
    await form.locator('textarea[name=rule]').fill('{"metrics": {"coolantTempC": {"limit": {"value": 88}}}}');
    await form.locator('button[data-action=save]').click();
    expect(await told('error', `Alarm rule of ${MODEL}: refused (409)`)).toContain('version 2');
  });

  it('shows a call-centre agent only what the role may do', async () => {
    const { page } = rig.browser;
    await page.click('#sign-out');
    await page.locator('#login-form').waitFor({ state: 'visible' });
    await signInThroughPage(page, rig.app, await createOperator(rig.app, 'ren', ['callcentre']));
    await page.locator('#form-command').waitFor({ timeout: 20_000 });
    expect(await page.locator('#form-desired').count()).toBe(0);
    expect(await page.locator('#form-rule').count()).toBe(0);
  });

  it('logged no page error and sent nothing outside its origin', () => {
    expect(rig.browser.problems).toEqual([]);
    expect(rig.browser.foreign).toEqual([]);
  });
});
