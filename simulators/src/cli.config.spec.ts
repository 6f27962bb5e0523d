import { loadSimulatorConfig } from './cli.config';

describe('simulator CLI configuration', () => {
  it('defaults to loopback addresses and takes flags over the environment', () => {
    const config = loadSimulatorConfig({ rate: '500', 'allow-remote': 'false' }, { SIM_LOAD_RATE: '50', SIM_API_TOKEN: 't' });
    expect(config).toMatchObject({ SIM_MQTT_URL: 'mqtt://127.0.0.1:1883', SIM_API_URL: 'http://127.0.0.1:3000', SIM_LOAD_RATE: 500, SIM_ALLOW_REMOTE: false });
  });

  it('names the bad variable and its flag', () => {
    expect(() => loadSimulatorConfig({ devices: '0' }, {})).toThrow(/SIM_LOAD_DEVICES \(--devices\)/);
  });
});
