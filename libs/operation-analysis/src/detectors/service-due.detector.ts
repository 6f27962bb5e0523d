import { SEVERITIES, type Severity } from '@tsunagu/contracts';
import type { ServiceState } from '../machine-state';

export const SERVICE_DUE_DETECTOR = { name: 'service-interval', version: '1.0.0' } as const;

/** Overdue by this share of the interval, the finding escalates. */
const OVERDUE_SHARE = 0.1;

export interface ServiceDueEvent {
  readonly dueAtHours: number;
  readonly engineHours: number;
  readonly severity: Severity;
}

/**
 * A machine seen for the first time is assumed serviced on schedule: its next
 * service is at the next multiple of the interval (the service history lives in
 * maintenance management, which tells us through work-order closures).
 */
export function createServiceState(engineHours: number, everyHours: number): ServiceState {
  return { nextDueHours: nextMultiple(engineHours, everyHours), reportedRank: -1 };
}

export function nextMultiple(engineHours: number, everyHours: number): number {
  return (Math.floor(engineHours / everyHours) + 1) * everyHours;
}

/** One step (mutates `state`): due once engine hours pass the next due hours, escalating when overdue. */
export function stepServiceDue(state: ServiceState, everyHours: number, engineHours: number): ServiceDueEvent | null {
  if (engineHours < state.nextDueHours) return null;
  const severity: Severity = engineHours >= state.nextDueHours + OVERDUE_SHARE * everyHours ? 'medium' : 'low';
  const rank = SEVERITIES.indexOf(severity);
  if (rank <= state.reportedRank) return null;
  state.reportedRank = rank;
  return { dueAtHours: state.nextDueHours, engineHours, severity };
}

/** The service work order closed: done → due again one interval from now; cancelled → at the next multiple. */
export function closeService(state: ServiceState, everyHours: number, engineHours: number, status: 'done' | 'cancelled'): void {
  state.nextDueHours = status === 'done' ? engineHours + everyHours : nextMultiple(engineHours, everyHours);
  state.reportedRank = -1;
}
