import { DEFAULT_VEHICLE_ANALYSIS_CONFIG } from '../vehicle-analysis.config';
import { analyseReading } from '../vehicle-monitor';
import { vehicleReading } from '../testing/vehicle-reading.fixture';
import { vehicleRuleBook } from './vehicle-alarm-rules';

describe('vehicle alarm rules', () => {
  const origin = { topic: 't', partition: 0, offset: '0' };

  it('layers model and vehicle overrides over the configured thresholds, and the incidents name the version', () => {
    const book = vehicleRuleBook(DEFAULT_VEHICLE_ANALYSIS_CONFIG);
    book.useRules([
      { scope: 'model', target: 'van-2t', version: 4, rule: { crashG: 3 } },
      { scope: 'device', target: 'veh-9', version: 1, rule: { crashG: 2.5, speedLimitKmh: 90 } },
    ]);
    expect(book.rules.resolve('veh-1', 'truck-7t')).toEqual({ effective: DEFAULT_VEHICLE_ANALYSIS_CONFIG, version: 'vehicle-defaults@1' });
    const own = book.rules.resolve('veh-9', 'van-2t');
    expect(own.version).toBe('vehicle-defaults@1+model:van-2t@v4+device:veh-9@v1');
    expect(own.effective).toMatchObject({ crashG: 2.5, speedLimitKmh: 90, overheatOnC: DEFAULT_VEHICLE_ANALYSIS_CONFIG.overheatOnC });

    // a 3.5 g spike: a crash under the model's 3 g, not under the configured 4 g
    const r = vehicleReading({ deviceId: 'veh-1', accel: { x: -3.5, y: 0, z: 0 } });
    const plain = book.rules.resolve('veh-1', 'van-2t');
    const step = analyseReading(null, r, origin, { config: plain.effective, ruleVersion: plain.version });
    expect(step.incidents.map((i) => [i.kind, i.evidence.ruleVersion, i.evidence.thresholds])).toEqual([['crash', 'vehicle-defaults@1+model:van-2t@v4', { crashG: 3 }]]);
    expect(analyseReading(null, r, origin).incidents).toEqual([]);
  });

  it('refuses unknown fields and levels that would clear before they fire', () => {
    const rules = vehicleRuleBook(DEFAULT_VEHICLE_ANALYSIS_CONFIG).rules;
    expect(rules.check('model', 'van-2t', { toasterC: 1 }).ok).toBe(false);
    expect(rules.check('model', 'van-2t', { crashG: -1 })).toMatchObject({ ok: false, detail: expect.stringContaining('crashG') });
    expect(rules.check('model', 'van-2t', { overheatOnC: 95 })).toMatchObject({ ok: false, detail: expect.stringContaining('overheatOffC') });
    expect(rules.check('device', 'veh-1', { chargingLowV: 13.5 })).toMatchObject({ ok: false, detail: expect.stringContaining('chargingOkV') });
    expect(rules.check('device', 'veh-1', { overheatOnC: 105, overheatOffC: 98 }, 'van-2t').ok).toBe(true);
  });
});
