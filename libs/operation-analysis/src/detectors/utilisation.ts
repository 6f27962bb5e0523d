import type { MachineTelemetryV1 } from '@tsunagu/contracts';
import type { UtilisationState } from '../machine-state';

export type MachineEngineState = MachineTelemetryV1['engineState'];

const DAY_MS = 86_400_000;

/** Seconds per engine state of one machine on one UTC day. */
export interface UtilisationDay {
  readonly machineId: string;
  readonly model: string;
  /** UTC day, YYYY-MM-DD */
  readonly day: string;
  readonly offSec: number;
  readonly idleSec: number;
  readonly workingSec: number;
  readonly travellingSec: number;
}

export function dayOf(ts: number): string {
  return new Date(Math.floor(ts / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

function emptyDay(dayIndex: number): UtilisationState {
  return { day: dayOf(dayIndex * DAY_MS), dayIndex, seconds: { off: 0, idle: 0, working: 0, travelling: 0 } };
}

export function toUtilisationDay(machineId: string, model: string, util: UtilisationState): UtilisationDay {
  const s = util.seconds;
  return {
    machineId,
    model,
    day: util.day,
    offSec: round3(s.off),
    idleSec: round3(s.idle),
    workingSec: round3(s.working),
    travellingSec: round3(s.travelling),
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Attributes the time since the previous reading to the previous reading's engine
 * state (the state holds until the next reading says otherwise), split at UTC
 * midnight. A gap longer than `maxGapSec` is attributed to nothing: the machine was
 * silent, we do not know what it did. Returns the current day's tally (mutated in
 * place) and the day that just completed, if the reading started a new one.
 */
export function stepUtilisation(input: {
  machineId: string;
  model: string;
  util: UtilisationState | null;
  prevTs: number;
  prevState: MachineEngineState;
  ts: number;
  maxGapSec: number;
}): { util: UtilisationState; completed: UtilisationDay | null } {
  const { machineId, model, prevTs, prevState, ts, maxGapSec } = input;
  const today = Math.floor(ts / DAY_MS);
  let util = input.util ?? emptyDay(today);
  let completed: UtilisationDay | null = null;
  const dt = ts - prevTs;
  const attribute = prevTs >= 0 && dt > 0 && dt <= maxGapSec * 1000;
  if (util.dayIndex !== today) {
    // the interval crossed midnight: the part before it belongs to the closing day
    if (attribute && Math.floor(prevTs / DAY_MS) === util.dayIndex) {
      const midnight = today * DAY_MS;
      util.seconds[prevState] += Math.max(0, midnight - prevTs) / 1000;
    }
    completed = toUtilisationDay(machineId, model, util);
    util = emptyDay(today);
    if (attribute) {
      const midnight = today * DAY_MS;
      util.seconds[prevState] += Math.min(dt, ts - midnight) / 1000;
    }
  } else if (attribute) {
    util.seconds[prevState] += dt / 1000;
  }
  return { util, completed };
}
