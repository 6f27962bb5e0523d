/**
 * The dead-letter office against a real PostgreSQL (in-process bus): a record the
 * call centre refuses lands in the office with its reason, origin and payload; it
 * cannot be sent back while it is still invalid (refused, left pending) and is
 * discarded with a reason (once: again is 409). A record that failed processing
 * (valid, refused before a fix) is sent back to its topic and the call centre then
 * opens its case; the letter says who redrove it. Only operators reach the office.
 */
import { DEAD_LETTER_SCHEMA, HEADERS, TOPICS, deadLetterTopicOf } from '@tsunagu/contracts';
import { Publisher } from '@tsunagu/platform';
import { vehicleIncident } from '@tsunagu/vehicle-monitoring';
import { CallCentreModule } from '@apps/call-centre';
import { appUnderTest } from '../../../test/support/app-under-test';
import { expectEventually } from '../../../test/support/test-env';
import { DeadLettersModule } from '../src/dead-letters.module';

const T0 = Date.now();

const incident = (vehicleId: string) => vehicleIncident({ subjectId: vehicleId, kind: 'crash', severity: 'critical', detectedAt: T0 });

describe('dead-letter office (real PostgreSQL, in-process bus)', () => {
  const rig = appUnderTest({ serviceName: 'dead-letters-test', modules: [CallCentreModule.register(), DeadLettersModule.register()] });

  const pending = async (topic: string) => (await rig.app.request('GET', `/dead-letters?topic=${encodeURIComponent(topic)}`, { role: 'operator' })).body.items;

  it('keeps a refused record with its reason and origin; still invalid, it is not sent back; it is discarded once', async () => {
    const bad = { ...incident('veh-x1'), severity: 'apocalyptic' };
    await rig.bus.publish(TOPICS.vehicleIncidents, [{ key: 'veh-x1', value: JSON.stringify(bad), headers: { [HEADERS.correlationId]: 'corr-x1' } }]);
    const [letter] = await expectEventually(async () => {
      const items = await pending(TOPICS.vehicleIncidents);
      expect(items).toHaveLength(1);
      return items;
    });
    expect(letter).toMatchObject({ reason: 'schema-violation', originTopic: TOPICS.vehicleIncidents, dlqTopic: deadLetterTopicOf(TOPICS.vehicleIncidents), recordKey: 'veh-x1', rejectedBy: 'call-centre', status: 'pending', correlationId: 'corr-x1' });
    expect(letter.detail).toContain('severity');
    expect(JSON.parse(letter.payload).severity).toBe('apocalyptic');
    expect(letter.origin).toEqual({ topic: TOPICS.vehicleIncidents, partition: expect.any(Number), offset: '0' });

    const redrive = await rig.app.request('POST', '/dead-letters/redrive', { role: 'operator', body: { ids: [letter.id] } });
    expect(redrive.body.outcomes).toEqual([{ id: letter.id, outcome: 'refused', reason: expect.stringContaining('severity') }]);
    expect((await rig.app.request('GET', `/dead-letters/${letter.id}`, { role: 'operator' })).body.status).toBe('pending');

    const discarded = await rig.app.request('POST', `/dead-letters/${letter.id}/discard`, { role: 'operator', body: { reason: 'no such severity: detector bug, fixed in 1.0.1' } });
    expect(discarded.status).toBe(200);
    expect(discarded.body).toMatchObject({ status: 'discarded', resolvedBy: 'token:operator', resolution: 'no such severity: detector bug, fixed in 1.0.1' });
    expect((await rig.app.request('POST', `/dead-letters/${letter.id}/discard`, { role: 'operator', body: { reason: 'again' } })).status).toBe(409);
    expect(await pending(TOPICS.vehicleIncidents)).toEqual([]);
  });

  it('sends a record that failed processing back to its topic, and the call centre opens its case', async () => {
    const office = new Publisher(rig.bus, { producer: 'call-centre', validate: true });
    const value = incident('veh-x2');
    const payload = JSON.stringify(value);
    const letter = office.encodeDeadLetter(
      { reason: 'processing-failed', detail: 'Error: connection reset', origin: { topic: TOPICS.vehicleIncidents, partition: 1, offset: '41' }, key: 'veh-x2', payload, payloadEncoding: 'utf8', payloadBytes: payload.length, rejectedBy: 'call-centre', rejectedAt: T0 },
      { topic: TOPICS.vehicleIncidents, partition: 1, offset: '41', correlationId: 'corr-x2' },
    );
    expect(letter.headers?.[HEADERS.schema]).toBe(DEAD_LETTER_SCHEMA);
    await rig.bus.publish(deadLetterTopicOf(TOPICS.vehicleIncidents), [letter]);
    const [stored] = await expectEventually(async () => {
      const items = await pending(TOPICS.vehicleIncidents);
      expect(items).toHaveLength(1);
      return items;
    });
    expect((await rig.app.request('GET', '/dead-letters', { role: 'callcentre' })).status).toBe(403);

    const redrive = await rig.app.request('POST', '/dead-letters/redrive', { role: 'admin', body: { ids: [stored.id] } });
    expect(redrive.body.outcomes).toEqual([{ id: stored.id, outcome: 'redriven', topic: TOPICS.vehicleIncidents }]);
    await expectEventually(async () => expect((await rig.app.request('GET', '/call-centre/cases?vehicleId=veh-x2', { role: 'callcentre' })).body.items).toHaveLength(1));
    expect((await rig.app.request('GET', `/dead-letters/${stored.id}`, { role: 'operator' })).body).toMatchObject({ status: 'redriven', resolvedBy: 'token:admin' });
    // once sent back, not again
    expect((await rig.app.request('POST', '/dead-letters/redrive', { role: 'operator', body: { ids: [stored.id] } })).body.outcomes[0]).toMatchObject({ outcome: 'refused', reason: 'already redriven' });
  });
});
