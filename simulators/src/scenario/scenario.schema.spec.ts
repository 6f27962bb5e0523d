import * as path from 'node:path';
import { loadScenarioFile, parseScenario } from './scenario.schema';
import { expectationOf, fleetSpecsOf } from './scenario.runner';

const SCENARIOS = path.resolve(__dirname, '..', '..', 'scenarios');

describe('scenario files', () => {
  it.each(['rehearsal.json', 'smoke.json'])('%s is valid', (file) => {
    const s = loadScenarioFile(path.join(SCENARIOS, file));
    expect(s.events.length).toBeGreaterThan(0);
  });

  it('names the field that is wrong', () => {
    expect(() => parseScenario({ name: 'x', durationSec: 60, events: [{ kind: 'crash', at: 1, device: 'vehicle:0' }] })).toThrow(
      /events\[0\]\.device: vehicle:0 does not exist/,
    );
    expect(() => parseScenario({ name: 'x', durationSec: 60, events: [{ kind: 'dtc', at: 1, device: 'vehicle:0', code: 'XYZ' }] })).toThrow(/events\[0\]\.code/);
    expect(() => parseScenario({ name: 'x', durationSec: 60, fleet: { machines: [{ model: 'toaster' }] } })).toThrow(/fleet\.machines\[0\]\.model/);
    expect(() => parseScenario({ name: 'x', durationSec: -1 })).toThrow(/durationSec/);
    expect(() => parseScenario({ name: 'x', durationSec: 60, events: [{ kind: 'meteor', at: 1 }] })).toThrow(/events\[0\]\.kind/);
    expect(() => parseScenario({ name: 'x', durationSec: 60, speeed: 3 })).toThrow(/speeed/);
  });

  it('expands the fleet with run-unique device ids and knows what each event should cause', () => {
    const s = loadScenarioFile(path.join(SCENARIOS, 'smoke.json'));
    expect(fleetSpecsOf(s, 'sim-abc').map((d) => d.deviceId)).toEqual(['sim-abc-m0', 'sim-abc-m1', 'sim-abc-v0', 'sim-abc-v1', 'sim-abc-tw']);
    expect(s.events.map((e) => expectationOf(e).scoreKind)).toEqual(['machine:coolant-climbing', 'vehicle:crash', 'train-delay']);
  });
});
