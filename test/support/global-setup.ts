/** Jest global setup of the integration and end-to-end tiers: PostgreSQL and Kafka (see test-infra.ts). */
import { startTestInfra } from './test-infra';

export default function globalSetup(): Promise<void> {
  return startTestInfra({ kafka: true });
}
