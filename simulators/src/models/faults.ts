/** Faults a scenario can inject into a simulated device, and what each should lead to. */
export const MACHINE_FAULTS = ['coolant-climbing', 'hydraulic-leak', 'vibration-rising'] as const;
export const VEHICLE_FAULTS = ['coolant-climbing', 'battery-failing', 'dtc', 'crash'] as const;
export type MachineFaultKind = (typeof MACHINE_FAULTS)[number];
export type VehicleFaultKind = (typeof VEHICLE_FAULTS)[number];

export interface ActiveFault<K extends string = string> {
  readonly kind: K;
  /** simulated epoch ms the fault started */
  readonly since: number;
  /** growth per simulated minute, in the unit of the affected reading (°C, bar, mm/s, V) */
  readonly ratePerMin: number;
  /** diagnostic code (dtc faults) */
  readonly code?: string;
}

/** Default growth rates per simulated minute, chosen so a fault reaches its limit in ~5–10 minutes. */
export const DEFAULT_FAULT_RATES: Record<string, number> = {
  'coolant-climbing': 3,
  'hydraulic-leak': 1.5,
  'vibration-rising': 2,
  'battery-failing': 0.4,
  dtc: 0,
  crash: 0,
};

export function minutesSince(fault: ActiveFault, now: number): number {
  return Math.max(0, (now - fault.since) / 60_000);
}
