import { severityRank, type MaintenanceFindingV1, type Severity } from '@tsunagu/contracts';

/** What the plan needs to know of a work order already active for a dedup key. */
export interface ActiveWorkOrderRef {
  readonly severity: Severity;
  readonly severityRank: number;
}

/** The change one batch makes to the work order of a dedup key (opened now or already active). */
export interface WorkOrderChange {
  readonly dedupKey: string;
  findingCount: number;
  /** worst severity so far */
  severity: Severity;
  severityRank: number;
  /** the summary of the worst finding (ties: the latest) */
  summary: string;
  /** epoch ms */
  lastDetectedAt: number;
  predictedTimeToLimitSec: number | null;
  /** epoch ms */
  predictedLimitAt: number | null;
  engineHours: number | null;
}

export interface WorkOrderPlan {
  /** the first finding of each dedup key without an active work order: each opens one */
  readonly opening: readonly MaintenanceFindingV1[];
  /** per dedup key, what the batch's findings add (count, last seen, worst severity, latest prediction) */
  readonly changes: ReadonlyMap<string, WorkOrderChange>;
}

/**
 * Decides, for new findings in delivery order, which open a work order and what
 * each work order collects: a finding attaches to the active work order of its
 * dedup key, or to the one an earlier finding of the batch opened.
 */
export function planWorkOrders(findings: readonly MaintenanceFindingV1[], active: ReadonlyMap<string, ActiveWorkOrderRef>): WorkOrderPlan {
  const opening: MaintenanceFindingV1[] = [];
  const changes = new Map<string, WorkOrderChange>();
  for (const f of findings) {
    const rank = severityRank(f.severity);
    let change = changes.get(f.dedupKey);
    if (!change) {
      const existing = active.get(f.dedupKey);
      if (!existing) opening.push(f);
      change = {
        dedupKey: f.dedupKey,
        findingCount: 0,
        severity: existing?.severity ?? f.severity,
        severityRank: existing?.severityRank ?? rank,
        summary: f.summary,
        lastDetectedAt: f.detectedAt,
        predictedTimeToLimitSec: null,
        predictedLimitAt: null,
        engineHours: null,
      };
      changes.set(f.dedupKey, change);
    }
    change.findingCount += 1;
    if (rank > change.severityRank) {
      change.severityRank = rank;
      change.severity = f.severity;
    }
    if (rank >= change.severityRank) change.summary = f.summary;
    change.lastDetectedAt = Math.max(change.lastDetectedAt, f.detectedAt);
    if (f.predictedTimeToLimitSec !== undefined) {
      change.predictedTimeToLimitSec = f.predictedTimeToLimitSec;
      change.predictedLimitAt = f.detectedAt + f.predictedTimeToLimitSec * 1000;
    }
    if (f.engineHours !== undefined) change.engineHours = Math.max(change.engineHours ?? 0, f.engineHours);
  }
  return { opening, changes };
}
