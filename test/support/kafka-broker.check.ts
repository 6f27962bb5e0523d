/**
 * Smoke check for test/support/kafka-broker.ts (not a jest test):
 *
 *   npx tsx test/support/kafka-broker.check.ts
 *
 * Starts a broker on free ports in a temporary data dir, creates a topic, produces and
 * consumes one record, stops the broker, starts it again on the same data and reads the
 * record again from offset 0, then stops. Prints cold-start and restart timings.
 * KAFKA_CHECK_VERBOSE=1 echoes the broker log.
 *
 * Expected noise: on a fresh broker the first consumer group may log one kafkajs ERROR
 * "The group coordinator is not available" while __consumer_offsets is being created;
 * kafkajs retries it and the check still passes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, Partitioners, logLevel, type Admin } from 'kafkajs';
import { KafkaBroker, freePort } from './kafka-broker';

const TOPIC = 'kafka-broker-check';
const VALUE = `hello @ ${new Date().toISOString()}`;

function seconds(since: bigint): string {
  return (Number(process.hrtime.bigint() - since) / 1e9).toFixed(2);
}

async function consumeFirst(kafka: Kafka, groupId: string): Promise<string> {
  const consumer = kafka.consumer({ groupId });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    return await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no record consumed within 30 s')), 30_000);
      consumer
        .run({
          eachMessage: async ({ message, partition }) => {
            if (message.offset !== '0') return;
            clearTimeout(timer);
            resolve(`${message.value?.toString() ?? ''} (partition ${partition}, offset ${message.offset})`);
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}

async function withAdmin<T>(kafka: Kafka, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const port = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === port) controllerPort = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tsunagu-kafka-check-'));
  const verbose = process.env.KAFKA_CHECK_VERBOSE === '1';
  const broker = new KafkaBroker({
    port,
    controllerPort,
    dataDir,
    log: verbose ? (line) => console.log(`  [kafka] ${line}`) : undefined,
  });

  try {
    let t = process.hrtime.bigint();
    await KafkaBroker.ensureJars();
    console.log(`jars ready in ${seconds(t)} s`);

    t = process.hrtime.bigint();
    await broker.format();
    const formatSeconds = seconds(t);
    const t2 = process.hrtime.bigint();
    await broker.start();
    const startSeconds = seconds(t2);
    const coldSeconds = seconds(t);
    console.log(
      `cold start: ${coldSeconds} s (format ${formatSeconds} s + start ${startSeconds} s) on ${broker.brokers.join(',')}`,
    );

    const kafka = new Kafka({ clientId: 'kafka-broker-check', brokers: broker.brokers, logLevel: logLevel.WARN });
    t = process.hrtime.bigint();
    await withAdmin(kafka, (admin) =>
      admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 1 }], waitForLeaders: true }),
    );
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic: TOPIC, messages: [{ key: 'k', value: VALUE }] });
    await producer.disconnect();
    console.log(`topic created + produced in ${seconds(t)} s`);

    t = process.hrtime.bigint();
    const first = await consumeFirst(kafka, 'check-1');
    console.log(`consumed: ${first} in ${seconds(t)} s`);

    t = process.hrtime.bigint();
    await broker.stop();
    console.log(`stopped in ${seconds(t)} s`);

    t = process.hrtime.bigint();
    await broker.start();
    const restartSeconds = seconds(t);
    console.log(`restart: ${restartSeconds} s`);

    t = process.hrtime.bigint();
    const again = await consumeFirst(kafka, 'check-2');
    console.log(`consumed after restart: ${again} in ${seconds(t)} s`);
    if (!first.startsWith(VALUE) || !again.startsWith(VALUE)) throw new Error('unexpected record value');

    t = process.hrtime.bigint();
    await broker.stop();
    console.log(`stopped in ${seconds(t)} s`);
    console.log(`OK  cold start ${coldSeconds} s, restart ${restartSeconds} s`);
  } finally {
    await broker.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
