import type { UtilisationState } from '../machine-state';
import { dayOf, stepUtilisation, type MachineEngineState } from './utilisation';

describe('utilisation', () => {
  const day0 = Date.UTC(2026, 10, 29);

  function feed(readings: Array<[number, MachineEngineState]>) {
    let util: UtilisationState | null = null;
    let prevTs = -1;
    let prevState: MachineEngineState = 'off';
    const completed = [];
    for (const [ts, state] of readings) {
      const r = stepUtilisation({ machineId: 'm', model: 'excavator-20t', util, prevTs, prevState, ts, maxGapSec: 300 });
      util = r.util;
      if (r.completed) completed.push(r.completed);
      prevTs = ts;
      prevState = state;
    }
    return { util: util!, completed };
  }

  it('attributes the time between readings to the earlier reading state', () => {
    const { util } = feed([
      [day0, 'idle'],
      [day0 + 60_000, 'working'],
      [day0 + 180_000, 'off'],
      [day0 + 240_000, 'off'],
    ]);
    expect(util.seconds).toEqual({ idle: 60, working: 120, off: 60, travelling: 0 });
  });

  it('does not attribute long silences', () => {
    const { util } = feed([
      [day0, 'working'],
      [day0 + 3_600_000, 'working'],
      [day0 + 3_660_000, 'idle'],
    ]);
    expect(util.seconds.working).toBe(60);
  });

  it('splits at UTC midnight and returns the completed day', () => {
    const { util, completed } = feed([
      [day0 - 60_000, 'working'],
      [day0 + 60_000, 'working'],
    ]);
    expect(completed).toEqual([expect.objectContaining({ day: dayOf(day0 - 1), workingSec: 60 })]);
    expect(util).toMatchObject({ day: '2026-11-29', seconds: { off: 0, idle: 0, working: 60, travelling: 0 } });
  });
});
