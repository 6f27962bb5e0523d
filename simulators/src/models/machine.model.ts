import type { MachineTelemetryPayloadV1, Position } from '@tsunagu/contracts';
import { clamp, Random, round } from '../random';
import { machinePhysicsOf, SITES, type EngineStateName, type MachinePhysics, type Site } from './catalogue';
import { DEFAULT_FAULT_RATES, minutesSince, type ActiveFault, type MachineFaultKind } from './faults';
import { bearingDeg, distanceM, move } from './geo';

/** A machine reading without `seq` (the device agent adds it). */
export type MachineReading = Omit<MachineTelemetryPayloadV1, 'seq'>;

export interface MachineModelOptions {
  readonly model: string;
  readonly seed: number;
  /** simulated epoch ms of the first reading */
  readonly startAt: number;
  readonly site?: Site;
  /**
   * Working hours (Japan time): on shift 08:00–12:00 and 13:00–17:00, off otherwise.
   * false: always on shift (scenario runs need a working machine at any time of day).
   */
  readonly shifts?: boolean;
  /** °C, outside air */
  readonly ambientC?: number;
}

type EngineState = 'off' | EngineStateName;

/** Japan has no daylight saving: JST = UTC+9 all year. */
const JST_OFFSET_MS = 9 * 3_600_000;

const MAX_STEP_MS = 30_000;

/** Time constants of the first-order thermal lags, seconds. */
const TAU = { coolantWarm: 240, coolantCool: 1500, hydraulicWarm: 600, hydraulicCool: 1800 } as const;

/**
 * Physics of one construction machine: a shift schedule, an engine-state machine with
 * dwell times (idle / working / travelling), load cycles while working, first-order
 * warm-up and cool-down of coolant and hydraulic oil, fuel burn and refuelling, and
 * injected faults that drift one quantity toward (and past) its limit.
 */
export class MachineModel {
  readonly physics: MachinePhysics;
  private readonly rng: Random;
  private readonly site: Site;
  private readonly ambientC: number;
  private readonly shifts: boolean;
  private state: EngineState;
  private stateUntil: number;
  private last: number;
  private engineHours: number;
  private coolantC: number;
  private hydraulicC: number;
  private fuelPct: number;
  private position: Position;
  private heading: number;
  private cyclePhase: number;
  private readonly faults: ActiveFault<MachineFaultKind>[] = [];

  constructor(private readonly options: MachineModelOptions) {
    this.physics = machinePhysicsOf(options.model);
    this.rng = new Random(options.seed);
    this.site = options.site ?? this.rng.pick(SITES);
    this.ambientC = options.ambientC ?? 18;
    this.shifts = options.shifts ?? true;
    this.last = options.startAt;
    this.engineHours = round(this.rng.between(300, 6000), 1);
    this.fuelPct = this.rng.between(40, 95);
    this.position = move(this.site, this.rng.between(0, 360), this.rng.between(0, this.site.radiusM * 0.5));
    this.heading = this.rng.between(0, 360);
    this.cyclePhase = this.rng.next();
    // A machine met in the middle of a shift has been running a while: start warm.
    const onShift = this.isOnShift(options.startAt);
    this.state = onShift ? this.rng.pick(['idle', 'working', 'working'] as const) : 'off';
    this.stateUntil = options.startAt + this.dwellMs(this.state);
    this.coolantC = onShift ? this.targetCoolant(this.state, 60) : this.ambientC;
    this.hydraulicC = onShift ? this.physics.hydraulicTempC.working - 5 : this.ambientC;
  }

  get model(): string {
    return this.options.model;
  }

  get siteId(): string {
    return this.site.id;
  }

  inject(kind: MachineFaultKind, at: number, ratePerMin?: number): void {
    this.faults.push({ kind, since: at, ratePerMin: ratePerMin ?? DEFAULT_FAULT_RATES[kind]! });
  }

  /** Advances the physics to `now` (simulated epoch ms) and returns the reading at that instant. */
  read(now: number): MachineReading {
    // integrate long gaps in steps, so a night off cools the engine before the morning shift
    while (now - this.last > MAX_STEP_MS) this.step(this.last + MAX_STEP_MS);
    return this.step(now);
  }

  private step(now: number): MachineReading {
    const dtSec = Math.max(0, (now - this.last) / 1000);
    this.last = now;
    this.advanceState(now);
    const p = this.physics;
    const state = this.state;
    const load = this.loadPct(state, dtSec);

    if (state !== 'off') this.engineHours += dtSec / 3600;

    // thermal lags toward the state's equilibrium
    const coolantTarget = state === 'off' ? this.ambientC : this.targetCoolant(state, load);
    this.coolantC += (coolantTarget - this.coolantC) * (1 - Math.exp(-dtSec / (state === 'off' ? TAU.coolantCool : TAU.coolantWarm)));
    const hydTarget =
      state === 'off' ? this.ambientC : p.hydraulicTempC.idle + ((p.hydraulicTempC.working - p.hydraulicTempC.idle) * load) / 100;
    this.hydraulicC += (hydTarget - this.hydraulicC) * (1 - Math.exp(-dtSec / (state === 'off' ? TAU.hydraulicCool : TAU.hydraulicWarm)));

    const fuelLph = this.fuelRate(state, load);
    this.fuelPct -= (fuelLph * dtSec) / 3600 / p.tankL * 100;
    if (this.fuelPct < 12 && (state === 'off' || state === 'idle')) this.fuelPct = this.rng.between(92, 99); // refuelled by the bowser

    if (state === 'travelling') this.travel(dtSec);

    let coolant = this.coolantC + this.rng.gaussian(0, 0.3);
    let hydraulicBar = state === 'off' ? 0 : p.hydraulicBar.idle + ((p.hydraulicBar.working - p.hydraulicBar.idle) * load) / 100;
    let hydraulicC = this.hydraulicC + this.rng.gaussian(0, 0.3);
    let vibration =
      state === 'off' ? 0.05 : p.vibrationMmS[state] + (state === 'working' ? p.vibrationMmS.loadGain * load : 0);
    for (const f of this.faults) {
      if (state === 'off') continue;
      const drift = f.ratePerMin * minutesSince(f, now);
      if (f.kind === 'coolant-climbing') coolant += drift;
      if (f.kind === 'hydraulic-leak') {
        // a leaking circuit loses pressure and the pump heats the remaining oil
        hydraulicBar *= Math.max(0.2, 1 - (drift * 2) / 100);
        hydraulicC += drift;
      }
      if (f.kind === 'vibration-rising') vibration += drift;
    }
    hydraulicBar = Math.max(0, hydraulicBar + (state === 'off' ? 0 : this.rng.gaussian(0, 4)));
    vibration = Math.max(0.05, vibration * (1 + this.rng.gaussian(0, 0.06)));
    const oilKpa =
      state === 'off'
        ? 0
        : (state === 'idle' ? p.oilKpa.idle : p.oilKpa.working) + Math.max(0, 80 - this.coolantC) * 1.5 + this.rng.gaussian(0, 6);

    return {
      ts: now,
      engineHours: round(this.engineHours, 2),
      engineState: state,
      coolantTempC: round(clamp(coolant, -60, 200), 1),
      engineOilPressureKpa: round(clamp(oilKpa, 0, 2000), 0),
      hydraulicPressureBar: round(clamp(hydraulicBar, 0, 700), 0),
      hydraulicTempC: round(clamp(hydraulicC, -60, 200), 1),
      vibrationRmsMmS: round(clamp(vibration, 0, 500), 2),
      fuelRateLph: round(clamp(fuelLph, 0, 500), 1),
      fuelLevelPct: round(clamp(this.fuelPct, 0, 100), 1),
      loadPct: round(clamp(load, 0, 150), 0),
      position: { lat: round(this.position.lat, 6), lon: round(this.position.lon, 6) },
    };
  }

  private isOnShift(now: number): boolean {
    if (!this.shifts) return true;
    const hour = new Date(now + JST_OFFSET_MS).getUTCHours();
    return (hour >= 8 && hour < 12) || (hour >= 13 && hour < 17);
  }

  private advanceState(now: number): void {
    const onShift = this.isOnShift(now);
    if (!onShift) {
      if (this.state !== 'off') {
        this.state = 'off';
        this.stateUntil = now;
      }
      return;
    }
    if (this.state === 'off') {
      // engine start: idle while it warms up
      this.state = 'idle';
      this.stateUntil = now + this.rng.between(180, 420) * 1000;
      return;
    }
    if (now < this.stateUntil) return;
    const next = this.physics.next[this.state];
    let r = this.rng.next();
    let chosen: EngineStateName = 'idle';
    for (const [name, p] of Object.entries(next) as Array<[EngineStateName, number]>) {
      chosen = name;
      if ((r -= p) <= 0) break;
    }
    this.state = chosen;
    this.stateUntil = now + this.dwellMs(chosen);
  }

  private dwellMs(state: EngineState): number {
    if (state === 'off') return 0;
    const [min, max] = this.physics.dwellSec[state];
    return this.rng.between(min, max) * 1000;
  }

  private targetCoolant(state: EngineState, load: number): number {
    const c = this.physics.coolantC;
    if (state === 'idle') return c.idle;
    return c.working + c.loadGain * load - (state === 'travelling' ? 2 : 0);
  }

  /** percent of rated load: the model's load cycle while working, light while travelling */
  private loadPct(state: EngineState, dtSec: number): number {
    if (state === 'off') return 0;
    if (state === 'idle') return this.rng.between(0, 5);
    if (state === 'travelling') return this.rng.between(10, 25);
    this.cyclePhase = (this.cyclePhase + dtSec / this.physics.cycleSec) % 1;
    const points = this.physics.cycle;
    let value = points[points.length - 1]![1];
    for (let i = 1; i < points.length; i++) {
      const [x1, y1] = points[i]!;
      const [x0, y0] = points[i - 1]!;
      if (this.cyclePhase <= x1) {
        value = y0 + ((y1 - y0) * (this.cyclePhase - x0)) / Math.max(1e-9, x1 - x0);
        break;
      }
    }
    return Math.max(0, value + this.rng.gaussian(0, 4));
  }

  private fuelRate(state: EngineState, load: number): number {
    const f = this.physics.fuelLph;
    if (state === 'off') return 0;
    if (state === 'idle') return f.idle * (1 + this.rng.gaussian(0, 0.05));
    if (state === 'travelling') return f.travelling * (1 + this.rng.gaussian(0, 0.05));
    return (f.idle + ((f.rated - f.idle) * load) / 100) * (1 + this.rng.gaussian(0, 0.04));
  }

  /** roams the site at travel speed, turning back toward the centre near its edge */
  private travel(dtSec: number): void {
    if (distanceM(this.position, this.site) > this.site.radiusM * 0.8) this.heading = bearingDeg(this.position, this.site);
    else this.heading = (this.heading + this.rng.gaussian(0, 10) + 360) % 360;
    this.position = move(this.position, this.heading, (this.physics.travelKmh / 3.6) * dtSec);
  }
}
