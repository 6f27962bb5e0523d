import type { CaseAction } from './case-lifecycle';

/** What a case's history records: who did what, when. */
export const CASE_EVENT_TYPES = [
  'opened',
  'incident-attached',
  'priority-raised',
  'acknowledged',
  'assigned',
  'in_contact',
  'note',
  'resolved',
  'closed',
  'escalated',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** The history entry of each lifecycle action. */
export const ACTION_EVENT: Readonly<Record<CaseAction, CaseEventType>> = {
  acknowledge: 'acknowledged',
  contact: 'in_contact',
  resolve: 'resolved',
  close: 'closed',
};
