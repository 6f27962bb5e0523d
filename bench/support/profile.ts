import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A CPU profile of one phase of a benchmark (BENCH_PROFILE=<dir>; open the file in Chrome's DevTools). */
export async function startProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async (file) => {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}
