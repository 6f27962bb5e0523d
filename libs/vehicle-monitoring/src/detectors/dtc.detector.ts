import type { VehicleTelemetryV1 } from '@tsunagu/contracts';
import type { VehicleAnalysisConfig } from '../vehicle-analysis.config';

export interface ActiveDtc {
  /** reading time the code was first set in this episode (the finding id derives from it) */
  readonly firstSeenTs: number;
  readonly firstSeenOffset: string;
  /** consecutive periodic reports without the code */
  readonly missingReports: number;
}

export type DtcState = Readonly<Record<string, ActiveDtc>>;

/**
 * Diagnostic trouble codes: a code that stays set is one finding, not one per
 * report. A code is new when it was not active; it clears once it has been
 * absent from `dtcClearAfterReports` consecutive periodic reports (event reports
 * may carry only the codes of the event, so they never clear a code).
 */
export function stepDtcs(
  state: DtcState,
  reading: VehicleTelemetryV1,
  offset: string,
  config: VehicleAnalysisConfig,
): { state: DtcState; newCodes: string[]; cleared: string[] } {
  // the common case: no code reported and none active
  if (reading.dtcs.length === 0 && isEmpty(state)) return { state, newCodes: [], cleared: [] };
  const next: Record<string, ActiveDtc> = {};
  const newCodes: string[] = [];
  const cleared: string[] = [];
  /** a code set, reset or counted missing: else the state stays the same object (a code that stays set is the common case) */
  let changed = false;
  const reported = new Set(reading.dtcs.map((c) => c.toUpperCase()));
  for (const code of reported) {
    const active = state[code];
    if (active) {
      if (active.missingReports !== 0) changed = true;
      next[code] = active.missingReports === 0 ? active : { ...active, missingReports: 0 };
    } else {
      next[code] = { firstSeenTs: reading.ts, firstSeenOffset: offset, missingReports: 0 };
      newCodes.push(code);
      changed = true;
    }
  }
  for (const code in state) {
    if (reported.has(code)) continue;
    const active = state[code]!;
    if (reading.type !== 'periodic') {
      next[code] = active;
      continue;
    }
    changed = true;
    const missingReports = active.missingReports + 1;
    if (missingReports >= config.dtcClearAfterReports) cleared.push(code);
    else next[code] = { ...active, missingReports };
  }
  return { state: changed ? next : state, newCodes: newCodes.sort(), cleared };
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}
