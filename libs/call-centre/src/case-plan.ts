import { severityRank, type Position, type Severity, type VehicleIncidentV1 } from '@tsunagu/contracts';
import type { CaseEventType } from './case-events';
import { priorityOf, slaDueAt, type Priority } from './case-lifecycle';

/** What the plan needs to know of a case already open for a vehicle and incident kind. */
export interface OpenCaseRef {
  readonly id: string;
  readonly priority: Priority;
  readonly severity: Severity;
  /** epoch ms */
  readonly slaDueAt: number;
}

/** A case as the batch leaves it: opened by the batch (`id` null) or an open one it attached to. */
export interface PlannedCase {
  /** `<vehicle id>|<kind>`: at most one open case each */
  readonly key: string;
  readonly id: string | null;
  /** the incident that opened it (for a case the batch opens) */
  readonly first: VehicleIncidentV1;
  priority: Priority;
  severity: Severity;
  /** epoch ms */
  slaDueAt: number;
  lastPosition: Position;
  /** incidents the batch attached (the opening one not counted) */
  attached: number;
}

/** A history entry of a planned case, in the batch's order. */
export interface PlannedEvent {
  readonly caseKey: string;
  readonly type: CaseEventType;
  readonly toStatus?: 'new';
  readonly detail: Record<string, unknown>;
}

export interface CasePlan {
  /** by case key, in the order the batch first touched them */
  readonly cases: ReadonlyMap<string, PlannedCase>;
  readonly events: readonly PlannedEvent[];
}

export function caseKeyOf(incident: { readonly subjectId: string; readonly kind: string }): string {
  return `${incident.subjectId}|${incident.kind}`;
}

/**
 * Decides, for new incidents in delivery order, what each does at `now`: it opens a
 * case, or attaches to the vehicle's open case of its kind (one already open, or
 * one an earlier incident of the batch opened). A worse incident raises the case:
 * higher priority, earlier due time (never later). Every step leaves a history entry.
 */
export function planCases(incidents: readonly VehicleIncidentV1[], open: ReadonlyMap<string, OpenCaseRef>, now: number, slaSec: Readonly<Record<Priority, number>>): CasePlan {
  const cases = new Map<string, PlannedCase>();
  const events: PlannedEvent[] = [];
  for (const incident of incidents) {
    const key = caseKeyOf(incident);
    const priority = priorityOf(incident);
    let c = cases.get(key);
    const existing = c ? null : open.get(key);
    if (!c && existing) {
      c = { key, id: existing.id, first: incident, priority: existing.priority, severity: existing.severity, slaDueAt: existing.slaDueAt, lastPosition: incident.position, attached: 0 };
      cases.set(key, c);
    }
    if (!c) {
      const due = slaDueAt(now, priority, slaSec);
      cases.set(key, { key, id: null, first: incident, priority, severity: incident.severity, slaDueAt: due, lastPosition: incident.position, attached: 0 });
      events.push({ caseKey: key, type: 'opened', toStatus: 'new', detail: { findingId: incident.findingId, priority, slaDueAt: new Date(due), severity: incident.severity } });
      continue;
    }
    const raised = Math.min(c.priority, priority) as Priority;
    const due = Math.min(c.slaDueAt, slaDueAt(now, raised, slaSec));
    events.push({ caseKey: key, type: 'incident-attached', detail: { findingId: incident.findingId, severity: incident.severity, summary: incident.summary } });
    if (raised < c.priority) events.push({ caseKey: key, type: 'priority-raised', detail: { from: c.priority, to: raised, slaDueAt: new Date(due) } });
    if (severityRank(incident.severity) > severityRank(c.severity)) c.severity = incident.severity;
    c.priority = raised;
    c.slaDueAt = due;
    c.lastPosition = incident.position;
    c.attached += 1;
  }
  return { cases, events };
}
