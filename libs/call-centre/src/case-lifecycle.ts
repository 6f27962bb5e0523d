import type { Severity, VehicleIncidentV1 } from '@tsunagu/contracts';

/** new → acknowledged → in_contact → resolved → closed (acknowledged may resolve without a call). */
export const CASE_STATUSES = ['new', 'acknowledged', 'in_contact', 'resolved', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** A case is open (in the queue, and further incidents attach to it) until it is resolved. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['new', 'acknowledged', 'in_contact'];

export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['acknowledged'],
  acknowledged: ['in_contact', 'resolved'],
  in_contact: ['resolved'],
  resolved: ['closed'],
  closed: [],
};

export type CaseAction = 'acknowledge' | 'contact' | 'resolve' | 'close';

export const ACTION_TARGET: Readonly<Record<CaseAction, CaseStatus>> = {
  acknowledge: 'acknowledged',
  contact: 'in_contact',
  resolve: 'resolved',
  close: 'closed',
};

export function allowedTransitions(status: CaseStatus): readonly CaseStatus[] {
  return CASE_TRANSITIONS[status];
}

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return CASE_TRANSITIONS[from].includes(to);
}

export type Priority = 1 | 2 | 3 | 4;

const PRIORITY_OF_SEVERITY: Readonly<Record<Severity, Priority>> = {
  critical: 2,
  high: 3,
  medium: 4,
  low: 4,
  info: 4,
};

/** P1 is the top: a crash (the call centre calls the driver first), then by severity. */
export function priorityOf(incident: Pick<VehicleIncidentV1, 'kind' | 'severity'>): Priority {
  if (incident.kind === 'crash') return 1;
  return PRIORITY_OF_SEVERITY[incident.severity];
}

/** The acknowledge-by time of a case opened at `openedAt` (epoch ms). */
export function slaDueAt(openedAt: number, priority: Priority, slaSec: Readonly<Record<Priority, number>>): number {
  return openedAt + slaSec[priority] * 1000;
}
