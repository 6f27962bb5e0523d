import { INITIAL_HYSTERESIS, stepHysteresis, type HysteresisConfig, type HysteresisState } from './hysteresis';

function feed(values: Array<[number, number]>, config: HysteresisConfig) {
  let state: HysteresisState = INITIAL_HYSTERESIS;
  const transitions: Array<[number, string]> = [];
  values.forEach(([ts, v], i) => {
    const step = stepHysteresis(state, v, ts, String(i), config);
    state = step.state;
    if (step.transition) transitions.push([ts, step.transition]);
  });
  return { state, transitions };
}

describe('hysteresis', () => {
  const above: HysteresisConfig = { direction: 'above', on: 110, off: 100, minMs: 20 };
  const below: HysteresisConfig = { direction: 'below', on: 12, off: 12.5, minMs: 10 };

  it('fires only after the value stayed beyond `on` for minMs', () => {
    expect(feed([[0, 111], [10, 112], [19, 113]], above).transitions).toEqual([]);
    expect(feed([[0, 111], [10, 112], [20, 113]], above).transitions).toEqual([[20, 'fired']]);
  });

  it('restarts the pending time when the value drops back', () => {
    expect(feed([[0, 111], [10, 105], [15, 111], [30, 111], [35, 111]], above).transitions).toEqual([[35, 'fired']]);
  });

  it('stays active between the thresholds and clears after minMs beyond `off`', () => {
    const { transitions, state } = feed([[0, 115], [20, 115], [30, 105], [40, 99], [50, 104], [60, 99], [80, 98]], above);
    expect(transitions).toEqual([[20, 'fired'], [80, 'cleared']]);
    expect(state.active).toBe(false);
  });

  it('remembers the episode start, its first offset and its worst value', () => {
    const { state } = feed([[0, 108], [5, 111], [15, 119], [25, 114]], above);
    expect(state).toMatchObject({ active: true, episodeStart: 5, pendingFromOffset: '1', peak: 119 });
  });

  it('works downwards for voltages', () => {
    expect(feed([[0, 11.8], [5, 11.5], [10, 11.9], [15, 12.2], [20, 12.6], [30, 12.7]], below).transitions).toEqual([
      [10, 'fired'],
      [30, 'cleared'],
    ]);
  });

  it('hands back the same state when a reading changes nothing (unchanged parts of a vehicle state stay shared)', () => {
    expect(stepHysteresis(INITIAL_HYSTERESIS, 90, 0, '0', above).state).toBe(INITIAL_HYSTERESIS);
    const active = feed([[0, 115], [20, 115]], above).state;
    expect(stepHysteresis(active, 112, 30, '2', above).state).toBe(active);
    expect(stepHysteresis(active, 116, 30, '2', above).state).toEqual({ ...active, peak: 116 });
  });
});
