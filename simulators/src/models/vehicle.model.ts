import type { Position, VehicleTelemetryPayloadV1 } from '@tsunagu/contracts';
import { clamp, Random, round } from '../random';
import { vehiclePhysicsOf, WAYPOINTS, type VehiclePhysics, type Waypoint } from './catalogue';
import { DEFAULT_FAULT_RATES, minutesSince, type ActiveFault, type VehicleFaultKind } from './faults';
import { bearingDeg, distanceM, headingDelta, move } from './geo';

/** A vehicle report without `seq` (the device agent adds it). */
export type VehicleReading = Omit<VehicleTelemetryPayloadV1, 'seq'>;

export interface VehicleModelOptions {
  readonly model: string;
  readonly seed: number;
  readonly startAt: number;
  readonly ambientC?: number;
}

const G = 9.81; // m/s² per g
const MAX_YAW_DEG_PER_S = 25;
const MAX_STEP_MS = 5_000;

type Phase = 'driving' | 'stopped' | 'parked' | 'crashed';

/**
 * Physics of one vehicle driving between places in Tokyo: speed toward a cruise
 * target with bounded acceleration and braking, stops at lights, parking with the
 * ignition off, gears and rpm, coolant warm-up, alternator/battery voltage, fuel and
 * odometer, longitudinal and lateral acceleration from the speed and heading changes.
 * Faults: coolant climbing (overheating), battery failing (alternator voltage sagging),
 * a diagnostic code (an event report, then the code in every report) and a crash
 * (one event report with a deceleration spike and the airbag).
 */
export class VehicleModel {
  readonly physics: VehiclePhysics;
  private readonly rng: Random;
  private readonly ambientC: number;
  private last: number;
  private phase: Phase = 'driving';
  private phaseUntil = 0;
  private target: Waypoint;
  private position: Position;
  private heading: number;
  private speedKmh = 0;
  private cruiseKmh: number;
  private nextLightM: number;
  private odometerKm: number;
  private fuelPct: number;
  private coolantC: number;
  private restingV: number;
  private readonly dtcs: string[] = [];
  private airbag = false;
  private readonly faults: ActiveFault<VehicleFaultKind>[] = [];
  /** event reports due at the next read (crash, new code) */
  private readonly pendingEvents: Array<'crash' | 'dtc'> = [];

  constructor(private readonly options: VehicleModelOptions) {
    this.physics = vehiclePhysicsOf(options.model);
    this.rng = new Random(options.seed);
    this.ambientC = options.ambientC ?? 18;
    this.last = options.startAt;
    const from = this.rng.pick(WAYPOINTS);
    this.position = move(from, this.rng.between(0, 360), this.rng.between(0, 300));
    this.target = this.pickTarget(from);
    this.heading = bearingDeg(this.position, this.target);
    this.cruiseKmh = this.physics.cruiseKmh * this.rng.between(0.85, 1.15);
    this.nextLightM = this.rng.between(300, 900);
    this.odometerKm = round(this.rng.between(5_000, 150_000), 1);
    this.fuelPct = this.rng.between(35, 95);
    this.coolantC = this.physics.coolantC - 1; // met while on the road: warm
    this.restingV = this.physics.restingV;
  }

  get model(): string {
    return this.options.model;
  }

  inject(kind: VehicleFaultKind, at: number, options: { ratePerMin?: number; code?: string } = {}): void {
    this.faults.push({ kind, since: at, ratePerMin: options.ratePerMin ?? DEFAULT_FAULT_RATES[kind]!, code: options.code });
    if (kind === 'dtc') {
      const code = options.code ?? 'P0217';
      if (!this.dtcs.includes(code)) this.dtcs.push(code);
      this.pendingEvents.push('dtc');
    }
    if (kind === 'crash') this.pendingEvents.push('crash');
  }

  /** Advances to `now` and returns the reports due: any event reports first, then the periodic one. */
  read(now: number): VehicleReading[] {
    // long gaps are driven in steps (bounded acceleration and turning need small steps)
    while (now - this.last > MAX_STEP_MS) {
      this.last += MAX_STEP_MS;
      this.advance(this.last, MAX_STEP_MS / 1000);
    }
    const dtSec = Math.max(0, (now - this.last) / 1000);
    this.last = now;
    const out: VehicleReading[] = [];
    for (const event of this.pendingEvents.splice(0)) {
      if (event === 'crash') out.push(this.crash(now));
      else out.push({ ...this.snapshot(now, { x: 0, y: 0, z: 0 }), type: 'event', event: 'dtc' });
    }
    const accel = this.advance(now, dtSec);
    out.push(this.snapshot(now, accel));
    return out;
  }

  private crash(now: number): VehicleReading {
    const impactG = this.rng.between(6, 12);
    const lateral = this.rng.gaussian(0, 1.5);
    this.phase = 'crashed';
    this.speedKmh = 0;
    this.airbag = true;
    return { ...this.snapshot(now, { x: round(-impactG, 2), y: round(lateral, 2), z: round(this.rng.gaussian(0, 0.8), 2) }), type: 'event', event: 'crash' };
  }

  /** moves the vehicle by dtSec; returns the acceleration felt (g) */
  private advance(now: number, dtSec: number): { x: number; y: number; z: number } {
    const p = this.physics;
    if (this.phase === 'crashed') return { x: 0, y: 0, z: 0 };
    if ((this.phase === 'stopped' || this.phase === 'parked') && now >= this.phaseUntil) this.phase = 'driving';

    const before = this.speedKmh;
    const targetKmh = this.phase === 'driving' ? this.cruiseKmh : 0;
    const dv = targetKmh - this.speedKmh; // km/h
    const maxUp = p.accelG * G * 3.6 * dtSec;
    const maxDown = p.brakeG * G * 3.6 * dtSec;
    this.speedKmh = clamp(this.speedKmh + clamp(dv, -maxDown, maxUp), 0, 400);
    if (this.phase === 'driving' && this.rng.chance(0.1)) this.cruiseKmh = p.cruiseKmh * this.rng.between(0.8, 1.2);

    const meters = ((before + this.speedKmh) / 2 / 3.6) * dtSec;
    let yawDeg = 0;
    if (meters > 0) {
      const wanted = bearingDeg(this.position, this.target);
      yawDeg = clamp(headingDelta(this.heading, wanted), -MAX_YAW_DEG_PER_S * dtSec, MAX_YAW_DEG_PER_S * dtSec);
      this.heading = (this.heading + yawDeg + 360) % 360;
      this.position = move(this.position, this.heading, meters);
      this.odometerKm += meters / 1000;
      this.fuelPct -= ((meters / 1000) * p.lPer100km) / 100 / p.tankL * 100;
      this.nextLightM -= meters;
    }
    if (this.fuelPct < 10) this.fuelPct = this.rng.between(90, 99); // filled up

    if (this.phase === 'driving' && distanceM(this.position, this.target) < 60) {
      // arrived: park (ignition off) or wait with the engine running, then drive on
      const from = this.target;
      this.target = this.pickTarget(from);
      const park = this.rng.chance(0.3);
      this.phase = park ? 'parked' : 'stopped';
      this.phaseUntil = now + (park ? this.rng.between(120, 600) : this.rng.between(30, 120)) * 1000;
    } else if (this.phase === 'driving' && this.nextLightM <= 0) {
      this.nextLightM = this.rng.between(300, 900);
      if (this.rng.chance(0.5)) {
        this.phase = 'stopped';
        this.phaseUntil = now + this.rng.between(15, 60) * 1000;
      }
    }

    const ignition = this.phase !== 'parked';
    const target = ignition ? p.coolantC : this.ambientC;
    this.coolantC += (target - this.coolantC) * (1 - Math.exp(-dtSec / (ignition ? 300 : 1800)));

    const ms = this.speedKmh / 3.6;
    const longitudinal = dtSec > 0 ? (this.speedKmh - before) / 3.6 / dtSec / G : 0;
    const lateral = dtSec > 0 ? (ms * ((yawDeg * Math.PI) / 180)) / dtSec / G : 0;
    return {
      x: round(longitudinal + this.rng.gaussian(0, 0.01), 3),
      y: round(lateral + this.rng.gaussian(0, 0.01), 3),
      z: round(this.rng.gaussian(0, ignition && this.speedKmh > 0 ? 0.03 : 0.005), 3),
    };
  }

  private snapshot(now: number, accel: { x: number; y: number; z: number }): VehicleReading {
    const p = this.physics;
    const ignition = this.phase !== 'parked';
    const running = ignition;
    let coolant = this.coolantC;
    let chargingV = p.chargingV;
    for (const f of this.faults) {
      const drift = f.ratePerMin * minutesSince(f, now);
      if (f.kind === 'coolant-climbing' && running) coolant += drift;
      if (f.kind === 'battery-failing') {
        // a failing alternator/battery: charging voltage sags, the resting voltage follows
        chargingV -= drift;
        this.restingV = Math.min(this.restingV, p.restingV - drift / 2);
      }
    }
    return {
      ts: now,
      type: 'periodic',
      ignition,
      speedKmh: round(this.speedKmh, 1),
      rpm: round(this.rpm(ignition), 0),
      coolantTempC: round(clamp(coolant + this.rng.gaussian(0, 0.3), -60, 200), 1),
      batteryV: round(clamp((running ? chargingV : this.restingV) + this.rng.gaussian(0, 0.03), 0, 60), 2),
      fuelLevelPct: round(clamp(this.fuelPct, 0, 100), 1),
      odometerKm: round(this.odometerKm, 1),
      accel: { x: clamp(accel.x, -100, 100), y: clamp(accel.y, -100, 100), z: clamp(accel.z, -100, 100) },
      airbagDeployed: this.airbag,
      dtcs: [...this.dtcs],
      position: { lat: round(this.position.lat, 6), lon: round(this.position.lon, 6) },
      headingDeg: round(this.heading, 1) % 360,
    };
  }

  private rpm(ignition: boolean): number {
    const p = this.physics;
    if (!ignition) return 0;
    if (this.speedKmh < 1) return p.idleRpm + this.rng.gaussian(0, 15);
    let low = 0;
    for (const high of p.gearsKmh) {
      if (this.speedKmh <= high) {
        const [fromRpm, toRpm] = p.shiftRpm;
        return fromRpm + ((toRpm - fromRpm) * (this.speedKmh - low)) / (high - low) + this.rng.gaussian(0, 20);
      }
      low = high;
    }
    return p.shiftRpm[1];
  }

  private pickTarget(from: Waypoint): Waypoint {
    const others = WAYPOINTS.filter((w) => w.id !== from.id);
    return this.rng.pick(others);
  }
}
