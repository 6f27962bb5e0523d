import { loadDeviceProgramConfig } from './device-program.config';

describe('device program configuration', () => {
  it('takes flags over environment variables', () => {
    const config = loadDeviceProgramConfig(
      { 'device-id': 'exc-9', 'interval-ms': '250' },
      { DEVICE_ID: 'from-env', DEVICE_PASSWORD: 'secret', DEVICE_INTERVAL_MS: '5000', DEVICE_URL: 'mqtts://platform.example:8883' },
    );
    expect(config).toMatchObject({ DEVICE_ID: 'exc-9', DEVICE_PASSWORD: 'secret', DEVICE_INTERVAL_MS: 250, DEVICE_URL: 'mqtts://platform.example:8883', DEVICE_OUTBOX_OVERFLOW: 'drop-oldest' });
  });

  it('names the variable and its flag, never the value', () => {
    expect(() => loadDeviceProgramConfig({ 'device-id': 'a/b', url: 'http://x' }, { DEVICE_PASSWORD: 'hunter2' })).toThrow(
      /DEVICE_URL \(--url\): an mqtt:\/\/ or mqtts:\/\/ URL; DEVICE_ID \(--device-id\): letters/,
    );
    try {
      loadDeviceProgramConfig({ 'interval-ms': '5' }, { DEVICE_ID: 'd', DEVICE_PASSWORD: 'hunter2' });
    } catch (err) {
      expect((err as Error).message).toContain('DEVICE_INTERVAL_MS (--interval-ms)');
      expect((err as Error).message).not.toContain('hunter2');
    }
  });
});
