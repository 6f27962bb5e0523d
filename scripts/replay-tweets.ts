/**
 * Replays a JSON-lines file of tweets (one `tweetIntakeSchema` object per line) into the
 * platform through its HTTP intake, in batches, with a progress line on stderr.
 * Invalid lines are reported with their line number and skipped.
 *
 *   npm run replay:tweets -- --file tweets.jsonl [--url http://127.0.0.1:3000] [--token T] [--batch 500] [--rate 0]
 *   (token also from TSUNAGU_TOKEN; --rate N = at most N tweets/s, 0 = as fast as accepted)
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { parseJson, tweetIntakeSchema, type TweetIntake } from '../libs/contracts/src';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      token: { type: 'string', default: process.env.TSUNAGU_TOKEN },
      batch: { type: 'string', default: '500' },
      rate: { type: 'string', default: '0' },
    },
  });
  if (!values.file) throw new Error('--file is required (a JSON-lines file of tweets)');
  if (!values.token) throw new Error('--token (or TSUNAGU_TOKEN) is required: a publisher or admin API token');
  const batchSize = Math.min(1000, Math.max(1, Number(values.batch)));
  const rate = Number(values.rate);
  const started = Date.now();
  let sent = 0;
  let accepted = 0;
  let duplicates = 0;
  let invalid = 0;
  let pending: TweetIntake[] = [];

  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const res = await fetch(`${values.url}/tweets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${values.token}` },
      body: JSON.stringify({ tweets: pending }),
    }).catch((err: Error) => {
      throw new Error(`platform unreachable at ${values.url}: ${err.message}`);
    });
    if (res.status !== 202) throw new Error(`intake answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
    const body = (await res.json()) as { accepted: number; duplicates: number };
    accepted += body.accepted;
    duplicates += body.duplicates;
    sent += pending.length;
    pending = [];
    const seconds = (Date.now() - started) / 1000;
    process.stderr.write(`\rsent ${sent}  accepted ${accepted}  duplicates ${duplicates}  invalid ${invalid}  ${(sent / Math.max(seconds, 0.001)).toFixed(0)} tweets/s   `);
    if (rate > 0) {
      const due = started + (sent / rate) * 1000;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
    }
  };

  let lineNo = 0;
  for await (const line of createInterface({ input: createReadStream(values.file), crlfDelay: Infinity })) {
    lineNo++;
    if (line.trim() === '') continue;
    const parsed = parseJson(tweetIntakeSchema, line);
    if (!parsed.ok) {
      invalid++;
      process.stderr.write(`\nline ${lineNo}: ${parsed.reason}: ${parsed.detail}\n`);
      continue;
    }
    pending.push(parsed.value);
    if (pending.length >= batchSize) await flush();
  }
  await flush();
  process.stderr.write('\n');
  process.stdout.write(JSON.stringify({ file: values.file, lines: lineNo, sent, accepted, duplicates, invalid, seconds: (Date.now() - started) / 1000 }) + '\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`\nreplay-tweets: ${err.message}\n`);
    process.exit(1);
  },
);
