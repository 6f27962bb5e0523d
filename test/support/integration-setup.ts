import { installSecretScan, takeSecretLeaks } from './secret-scan';

// Integration and end-to-end tests start real servers: hooks and tests get two minutes.
jest.setTimeout(120_000);

// no secret a test made reaches a log line (test/support/secret-scan.ts)
installSecretScan();
afterAll(() => {
  expect(takeSecretLeaks()).toEqual([]);
});
