/** Jest global setup of the medium tier: PostgreSQL only, no Kafka and no Java (see test-infra.ts). */
import { startTestInfra } from './test-infra';

export default function mediumSetup(): Promise<void> {
  return startTestInfra({ kafka: false });
}
