import { loadMachineCatalogue } from '../catalogue/machine-catalogue';
import { AlarmRules } from './alarm-rules';

describe('alarm rules', () => {
  const catalogue = loadMachineCatalogue();

  it('layers the model override and the device override over the catalogue, and names the version', () => {
    const rules = new AlarmRules(catalogue, [
      { scope: 'model', target: 'excavator-20t', version: 3, rule: { metrics: { coolantTempC: { limit: { value: 100, minDurationSec: 5 } } } } },
      { scope: 'device', target: 'exc-7', version: 2, rule: { metrics: { coolantTempC: { limit: { value: 95 } } }, serviceIntervals: [{ task: 'engine-oil', everyHours: 250 }] } },
    ]);
    const plain = rules.resolve('exc-1', 'excavator-20t');
    expect(plain.version).toBe(`catalogue@${catalogue.version}+model:excavator-20t@v3`);
    expect(plain.effective.metrics.coolantTempC!.limit).toMatchObject({ value: 100, minDurationSec: 5, hysteresis: 3, critical: 110 });
    const own = rules.resolve('exc-7', 'excavator-20t');
    expect(own.version).toBe(`catalogue@${catalogue.version}+model:excavator-20t@v3+device:exc-7@v2`);
    expect(own.effective.metrics.coolantTempC!.limit).toMatchObject({ value: 95, minDurationSec: 5 });
    expect(own.effective.serviceIntervals).toEqual([{ task: 'engine-oil', everyHours: 250 }]);
    expect(rules.resolve('dt-1', 'dump-truck-40t').version).toBe(`catalogue@${catalogue.version}`);
  });

  it('refuses an override that does not parse or makes a critical level easier than the limit', () => {
    const rules = new AlarmRules(catalogue);
    expect(rules.check('model', 'excavator-20t', { metrics: { coolantTempC: { limit: { value: 'hot' } } } })).toMatchObject({ ok: false, detail: expect.stringContaining('metrics.coolantTempC.limit.value') });
    expect(rules.check('model', 'excavator-20t', { metrics: { coolantTempC: { limit: { value: 120 } } } })).toMatchObject({ ok: false, detail: expect.stringContaining('critical') });
    expect(rules.check('model', 'excavator-20t', { metrics: { toasterTemp: {} } }).ok).toBe(false);
    expect(rules.check('device', 'exc-1', { metrics: { coolantTempC: { limit: { value: 90 } } } }, 'excavator-20t').ok).toBe(true);
  });
});
