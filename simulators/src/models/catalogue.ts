import machinePhysics from '../catalogue/machine-physics.json';
import vehiclePhysics from '../catalogue/vehicle-physics.json';
import places from '../catalogue/tokyo-places.json';
import trainLines from '../catalogue/train-lines.json';

export type Range = readonly [number, number];
export type EngineStateName = 'idle' | 'working' | 'travelling';

export interface MachinePhysics {
  readonly id: string;
  readonly tankL: number;
  readonly fuelLph: { readonly idle: number; readonly rated: number; readonly travelling: number };
  readonly coolantC: { readonly idle: number; readonly working: number; readonly loadGain: number };
  readonly hydraulicBar: { readonly idle: number; readonly working: number };
  readonly hydraulicTempC: { readonly idle: number; readonly working: number };
  readonly oilKpa: { readonly idle: number; readonly working: number };
  readonly vibrationMmS: { readonly idle: number; readonly working: number; readonly travelling: number; readonly loadGain: number };
  readonly travelKmh: number;
  readonly cycleSec: number;
  readonly cycle: ReadonlyArray<readonly [number, number]>;
  readonly dwellSec: Record<EngineStateName, Range>;
  readonly next: Record<EngineStateName, Partial<Record<EngineStateName, number>>>;
}

export interface VehiclePhysics {
  readonly id: string;
  readonly idleRpm: number;
  readonly shiftRpm: Range;
  readonly gearsKmh: readonly number[];
  readonly cruiseKmh: number;
  readonly accelG: number;
  readonly brakeG: number;
  readonly coolantC: number;
  readonly chargingV: number;
  readonly restingV: number;
  readonly tankL: number;
  readonly lPer100km: number;
}

export interface Site {
  readonly id: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly radiusM: number;
}

export interface Waypoint {
  readonly id: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
}

export interface TrainLine {
  readonly id: string;
  readonly en: string;
  readonly ja: string;
  /** [English name, Japanese name] */
  readonly stations: ReadonlyArray<readonly [string, string]>;
}

export const MACHINE_MODELS: readonly MachinePhysics[] = machinePhysics.models as unknown as MachinePhysics[];
export const VEHICLE_MODELS: readonly VehiclePhysics[] = vehiclePhysics.models as unknown as VehiclePhysics[];
export const SITES: readonly Site[] = places.sites;
export const WAYPOINTS: readonly Waypoint[] = places.waypoints;
export const TRAIN_LINES: readonly TrainLine[] = trainLines.lines as unknown as TrainLine[];

export const MACHINE_MODEL_IDS = MACHINE_MODELS.map((m) => m.id);
export const VEHICLE_MODEL_IDS = VEHICLE_MODELS.map((m) => m.id);

export function machinePhysicsOf(model: string): MachinePhysics {
  const found = MACHINE_MODELS.find((m) => m.id === model);
  if (!found) throw new RangeError(`unknown machine model "${model}" (known: ${MACHINE_MODEL_IDS.join(', ')})`);
  return found;
}

export function vehiclePhysicsOf(model: string): VehiclePhysics {
  const found = VEHICLE_MODELS.find((m) => m.id === model);
  if (!found) throw new RangeError(`unknown vehicle model "${model}" (known: ${VEHICLE_MODEL_IDS.join(', ')})`);
  return found;
}

export function trainLineOf(id: string): TrainLine {
  const found = TRAIN_LINES.find((l) => l.id === id);
  if (!found) throw new RangeError(`unknown train line "${id}" (known: ${TRAIN_LINES.map((l) => l.id).join(', ')})`);
  return found;
}
