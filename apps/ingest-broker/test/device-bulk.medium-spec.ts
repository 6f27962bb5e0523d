/**
 * Bulk provisioning against a real PostgreSQL and the real MQTT broker: a file
 * with one bad row writes nothing and the report names that row; a good file
 * provisions every device (each connects with the secret it got once), disables
 * and rotates; the file also goes as the raw body (CSV or JSON Lines, 1 MiB at
 * most); the CLI sends a file and keeps the secrets.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { appUnderTest } from '../../../test/support/app-under-test';
import { TEST_TOKENS } from '../../../test/support/app-harness';
import { uniqueId } from '../../../test/support/test-env';
import { connackCodeOf, connectDevice } from './ingest-fixtures';

describe('bulk provisioning (real PostgreSQL, real MQTT broker)', () => {
  const rig = appUnderTest({ serviceName: 'ingest-bulk', ingest: { commandPollMs: 3_600_000 } });

  const bulk = (format: 'csv' | 'jsonl', content: string) => rig.app.request('POST', '/devices/bulk', { body: { format, content } });
  /** the file as the raw body, with its media type */
  const upload = (contentType: string, content: string | Buffer) =>
    fetch(`${rig.app.httpUrl}/devices/bulk`, { method: 'POST', headers: { 'content-type': contentType, authorization: `Bearer ${TEST_TOKENS.admin}` }, body: content }).then(async (res) => ({
      status: res.status,
      body: (await res.json()) as { message: string; created?: number; rows: Array<{ line: number; ok: boolean; error?: string; device?: { deviceId: string } }> },
    }));
  const exists = async (id: string) => (await rig.app.request('GET', `/devices/${id}`)).status === 200;

  it('writes nothing when one row is bad, and names that row', async () => {
    const taken = uniqueId('taken-');
    expect((await rig.app.request('POST', '/devices', { body: { deviceId: taken, kind: 'machine', model: 'crane-50t' } })).status).toBe(201);
    const [a, b] = [uniqueId('bulk-a-'), uniqueId('bulk-b-')];
    const csv = ['action,deviceId,kind,model,site', `create,${a},machine,excavator-20t,site-1`, `create,${b},toaster,x,`, `disable,${taken},,,`].join('\n');
    const res = await bulk('csv', csv);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'BULK_INVALID', message: '1 of 3 rows are invalid; nothing was written' });
    expect(res.body.rows.filter((r: { ok: boolean }) => !r.ok)).toEqual([{ line: 3, ok: false, error: expect.stringContaining('kind') }]);
    expect(await exists(a)).toBe(false);
    expect((await rig.app.request('GET', `/devices/${taken}`)).body.enabled).toBe(true);

    // an id that exists, and one named twice, are bad rows too
    const jsonl = [JSON.stringify({ action: 'create', deviceId: taken, kind: 'machine', model: 'x' }), JSON.stringify({ action: 'rotate', deviceId: a }), JSON.stringify({ action: 'create', deviceId: b, kind: 'vehicle', model: 'van-2t' }), JSON.stringify({ action: 'disable', deviceId: b })].join('\n');
    const again = await bulk('jsonl', jsonl);
    expect(again.status).toBe(422);
    expect(again.body.rows.map((r: { line: number; ok: boolean; error?: string }) => [r.line, r.ok, r.error?.replace(/ .*/, '')])).toEqual([
      [1, false, 'deviceId:'],
      [2, false, 'deviceId:'],
      [3, true, undefined],
      [4, false, 'deviceId:'],
    ]);
    expect(await exists(b)).toBe(false);
  });

  it('provisions, disables and rotates everything in a good file; secrets once, in the response', async () => {
    const old = await rig.app.request('POST', '/devices', { body: { deviceId: uniqueId('old-'), kind: 'vehicle', model: 'van-2t' } });
    const retired = await rig.app.request('POST', '/devices', { body: { deviceId: uniqueId('retired-'), kind: 'machine', model: 'crane-50t' } });
    const ids = [uniqueId('new-1-'), uniqueId('new-2-')];
    const csv = [
      'action,deviceId,kind,model,site',
      `create,${ids[0]},machine,excavator-20t,site-1`,
      `create,${ids[1]},vehicle,"van-2t",`,
      'create,,machine,dump-truck-40t,',
      `rotate,${old.body.deviceId},,,`,
      `disable,${retired.body.deviceId},,,`,
    ].join('\r\n');
    const res = await bulk('csv', csv);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ created: 3, disabled: 1, rotated: 1 });
    const created = res.body.rows.filter((r: { action: string }) => r.action === 'create').map((r: { device: { deviceId: string; password: string } }) => r.device);
    expect(created.map((d: { deviceId: string }) => d.deviceId).slice(0, 2)).toEqual(ids);
    expect(created[2].deviceId).toMatch(/^mch-/);
    for (const d of created) expect(await connackCodeOf(connectDevice(rig.mqttUrl, d))).toBe('connected');
    const rotated = res.body.rows.find((r: { action: string }) => r.action === 'rotate');
    expect(await connackCodeOf(connectDevice(rig.mqttUrl, { deviceId: old.body.deviceId, password: old.body.password }))).toBe(4);
    expect(await connackCodeOf(connectDevice(rig.mqttUrl, { deviceId: old.body.deviceId, password: rotated.password }))).toBe('connected');
    expect(await connackCodeOf(connectDevice(rig.mqttUrl, { deviceId: retired.body.deviceId, password: retired.body.password }))).toBe(5);
    // the secrets are not kept anywhere the API shows
    const shown = JSON.stringify((await rig.app.request('GET', `/devices/${ids[0]}`)).body);
    expect(shown).not.toContain(created[0].password);
  });

  it('takes the file as a raw CSV or JSON Lines body, checked as a whole, within a limit', async () => {
    const [a, b] = [uniqueId('raw-a-'), uniqueId('raw-b-')];
    const bad = await upload('text/csv; charset=utf-8', ['action,deviceId,kind,model,site', `create,${a},machine,excavator-20t,`, `create,${b},machine,,`].join('\n'));
    expect(bad.status).toBe(422);
    expect(bad.body.rows.filter((r) => !r.ok)).toEqual([{ line: 3, ok: false, error: expect.stringContaining('model') }]);
    expect(await exists(a)).toBe(false);

    const good = await upload('application/x-ndjson', [a, b].map((deviceId) => JSON.stringify({ action: 'create', deviceId, kind: 'vehicle', model: 'van-2t' })).join('\n'));
    expect(good.status).toBe(201);
    expect(good.body.created).toBe(2);
    expect(good.body.rows.map((r) => r.device?.deviceId)).toEqual([a, b]);

    // past 1 MiB, not UTF-8, or a media type that is not a bulk file: refused before any row is read
    expect((await upload('text/csv', `action,deviceId,kind,model,site\n${'#'.repeat(1024 * 1024)}`)).status).toBe(413);
    expect((await upload('text/csv', Buffer.from([0x61, 0x63, 0xff, 0xfe, 0x0a]))).status).toBe(400);
    expect((await upload('text/plain', 'action\n')).status).toBe(415);
  });

  it('sends a file from the command line and writes the secrets to a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulk-'));
    const id = uniqueId('cli-');
    writeFileSync(join(dir, 'fleet.jsonl'), `${JSON.stringify({ action: 'create', deviceId: id, kind: 'machine', model: 'excavator-20t' })}\n`);
    const run = promisify(execFile);
    const { stderr } = await run('npx', ['tsx', 'scripts/devices-bulk.ts', join(dir, 'fleet.jsonl'), '--url', rig.app.httpUrl, '--out', join(dir, 'secrets.jsonl')], {
      env: { ...process.env, TSUNAGU_TOKEN: TEST_TOKENS.admin },
    });
    expect(stderr).toContain('1 created, 0 disabled, 0 rotated');
    const [secret] = readFileSync(join(dir, 'secrets.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(secret).toMatchObject({ line: 1, action: 'create', deviceId: id });
    expect(await connackCodeOf(connectDevice(rig.mqttUrl, secret))).toBe('connected');
  }, 60_000);
});
