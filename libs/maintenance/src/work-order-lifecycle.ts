/** Work-order states: open → scheduled → in progress → done, or cancelled. */
export const WORK_ORDER_STATUSES = ['open', 'scheduled', 'in_progress', 'done', 'cancelled'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

/** States in which a work order collects further findings of its dedup key. */
export const ACTIVE_STATUSES: readonly WorkOrderStatus[] = ['open', 'scheduled', 'in_progress'];

/** The states a closure event is published for. */
export const CLOSED_STATUSES = ['done', 'cancelled'] as const;
export type ClosedStatus = (typeof CLOSED_STATUSES)[number];

const TRANSITIONS: Readonly<Record<WorkOrderStatus, readonly WorkOrderStatus[]>> = {
  open: ['scheduled', 'in_progress', 'cancelled'],
  // unscheduling puts it back in the queue
  scheduled: ['open', 'in_progress', 'cancelled'],
  in_progress: ['done', 'cancelled'],
  done: [],
  cancelled: [],
};

export function allowedTransitions(from: WorkOrderStatus): readonly WorkOrderStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: WorkOrderStatus, to: WorkOrderStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isClosed(status: WorkOrderStatus): status is ClosedStatus {
  return status === 'done' || status === 'cancelled';
}
