import { join } from 'node:path';
import { KafkaBroker, freePort } from '../../test/support/kafka-broker';

/**
 * The Kafka a bench writes to: KAFKA_BROKERS, else a real single-node broker started for
 * the run under `work` (scripts/kafka.sh through test/support/kafka-broker.ts), with its
 * process id for the CPU figures (unknown for a Kafka the bench did not start).
 */
export async function benchKafka(work: string, log: (line: string) => void): Promise<{ brokers: string[]; pid: number | undefined; stop(): Promise<void> }> {
  const given = process.env.KAFKA_BROKERS?.split(',');
  if (given) return { brokers: given, pid: undefined, stop: async () => undefined };
  log('starting a real Kafka broker…');
  const kafka = new KafkaBroker({ port: await freePort(), controllerPort: await freePort(), dataDir: join(work, 'kafka') });
  await kafka.start();
  return { brokers: kafka.brokers, pid: kafka.pid, stop: () => kafka.stop() };
}
