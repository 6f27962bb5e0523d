import { rmSync } from 'node:fs';

interface Started {
  kafka?: { stop(): Promise<void> };
  postgres?: { stop(): Promise<void> };
}

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as { __tsunagu?: Started }).__tsunagu ?? {};
  await Promise.allSettled([started.kafka?.stop(), started.postgres?.stop()]);
  if (process.env.TEST_RUN_DIR) rmSync(process.env.TEST_RUN_DIR, { recursive: true, force: true });
}
