import { stopTestInfra } from './test-infra';

export default function globalTeardown(): Promise<void> {
  return stopTestInfra();
}
