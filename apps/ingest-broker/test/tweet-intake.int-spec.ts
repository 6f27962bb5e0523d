import { deviceTopic, TOPICS, type TweetIntake, type TweetV2 } from '@tsunagu/contracts';
import { appUnderTest } from '../../../test/support/app-under-test';
import { collectTopic, expectEventually, uniqueId } from '../../../test/support/test-env';
import { connectDevice } from './ingest-fixtures';

const tweet = (id: string, text = '$TSLA beats estimates'): TweetIntake => ({
  id,
  author: 'jane',
  text,
  lang: 'en',
  createdAt: '2026-11-29T08:00:00.000Z',
});

describe('tweet and price intake (HTTP and MQTT doors → social.tweet.received.v2, market.price.updated.v1)', () => {
  const rig = appUnderTest({ serviceName: 'intake', kafka: uniqueId('tweets-'), ingest: {}, collect: [TOPICS.tweets] });

  const ids = () => rig.records.json<TweetV2>().map((t) => t.id);

  it('accepts one tweet or a batch, drops duplicates by id and normalises the text (NFKC)', async () => {
    const one = await rig.app.request('POST', '/tweets', { body: tweet('h1', '＄ＴＳＬＡ　ｔｏ　ｔｈｅ　ｍｏｏｎ 🚀'), role: 'publisher' });
    expect(one).toMatchObject({ status: 202, body: { accepted: 1, duplicates: 0 } });
    const batch = await rig.app.request('POST', '/tweets', { body: { tweets: [tweet('h2'), tweet('h3'), tweet('h1'), tweet('h2')] }, role: 'publisher' });
    expect(batch).toMatchObject({ status: 202, body: { accepted: 2, duplicates: 2 } });
    await expectEventually(() => expect(ids().sort()).toEqual(['h1', 'h2', 'h3']));
    expect(rig.records.json<TweetV2>().find((t) => t.id === 'h1')!.text).toBe('$TSLA to the moon 🚀');
    expect(rig.records.messages.find((m) => m.key === 'h2')).toBeDefined();
  });

  it('refuses bad input with a 400 naming the field, and callers without the publisher role', async () => {
    const bad = await rig.app.request('POST', '/tweets', { body: { tweets: [tweet('h4'), { ...tweet('h5'), createdAt: 'yesterday' }] }, role: 'publisher' });
    expect(bad.status).toBe(400);
    // the path of the bad field inside the batch, whatever the body's shape
    expect(bad.body.message).toContain('tweets[1].createdAt');
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'tweets[1].createdAt' })]);
    const single = await rig.app.request('POST', '/tweets', { body: { ...tweet('h8'), lang: 'x' }, role: 'publisher' });
    expect(single.status).toBe(400);
    expect(single.body.message).toMatch(/^lang: /);
    expect((await rig.app.request('POST', '/tweets', { body: tweet('h6'), role: 'operator' })).status).toBe(403);
    expect((await rig.app.request('POST', '/tweets', { body: tweet('h7'), role: null })).status).toBe(401);
  });

  it('refuses tweets and prices stamped in the future, and identifiers with control characters, naming the field', async () => {
    const future = await rig.app.request('POST', '/tweets', { body: { tweets: [tweet('f1'), { ...tweet('f2'), createdAt: '2100-01-01T00:00:00.000Z' }] }, role: 'publisher' });
    expect(future.status).toBe(400);
    expect(future.body.message).toMatch(/^tweets\[1\]\.createdAt: 2100-01-01T00:00:00\.000Z is \d+ s ahead of the receiving clock/);
    const nul = await rig.app.request('POST', '/tweets', { body: { ...tweet('f3'), id: 'f\u00003' }, role: 'publisher' });
    expect(nul.status).toBe(400);
    expect(nul.body.message).toMatch(/^id: /);
    const price = await rig.app.request('POST', '/prices', { body: { ticker: 'XYZ', price: 10, ts: Date.UTC(2100, 0, 1) }, role: 'publisher' });
    expect(price.status).toBe(400);
    expect(price.body.message).toMatch(/^ts: /);
    await new Promise((r) => setTimeout(r, 300));
    expect(ids()).not.toContain('f1');
  });

  it('strips control characters from tweet text before it reaches Kafka (and PostgreSQL behind it)', async () => {
    expect((await rig.app.request('POST', '/tweets', { body: tweet('n1', '$TSLA\u0000 beats'), role: 'publisher' })).status).toBe(202);
    await expectEventually(() => expect(rig.records.json<TweetV2>().find((t) => t.id === 'n1')?.text).toBe('$TSLA beats'));
  });

  it('takes price ticks for paper trading, keyed by ticker', async () => {
    const prices = await collectTopic(rig.bus, [TOPICS.prices]);
    const res = await rig.app.request('POST', '/prices', { body: { prices: [{ ticker: 'XYZ', price: 101.5, ts: 1764403200000 }] }, role: 'publisher' });
    expect(res).toMatchObject({ status: 202, body: { accepted: 1 } });
    const bad = await rig.app.request('POST', '/prices', { body: { ticker: 'XYZ', price: 0, ts: 1 }, role: 'publisher' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^price: /);
    await expectEventually(() => expect(prices.messages.map((m) => m.key)).toEqual(['XYZ']));
    await prices.stop();
  });

  it('takes tweets from an authenticated tweet-source device over MQTT', async () => {
    const res = await rig.app.request('POST', '/devices', { body: { kind: 'tweet-source', model: 'firehose' } });
    const creds = { deviceId: res.body.deviceId as string, password: res.body.password as string };
    const client = await connectDevice(rig.mqttUrl, creds);
    await client.publishAsync(deviceTopic(creds.deviceId, 'tweets'), JSON.stringify(tweet('m1', '山手線 遅延してる')), { qos: 1 });
    await expectEventually(() => expect(ids()).toContain('m1'));
    // the contract's one time representation: epoch ms, whatever the door was given
    expect(rig.records.json<TweetV2>().find((t) => t.id === 'm1')!.createdAt).toBe(Date.parse('2026-11-29T08:00:00.000Z'));
    await client.endAsync();
  });
});
