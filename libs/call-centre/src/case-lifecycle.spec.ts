import { allowedTransitions, canTransition, CASE_STATUSES, priorityOf, slaDueAt } from './case-lifecycle';

describe('case lifecycle', () => {
  it('moves new → acknowledged → in_contact → resolved → closed', () => {
    expect(canTransition('new', 'acknowledged')).toBe(true);
    expect(canTransition('acknowledged', 'in_contact')).toBe(true);
    expect(canTransition('in_contact', 'resolved')).toBe(true);
    expect(canTransition('resolved', 'closed')).toBe(true);
  });

  it('refuses skipping acknowledgement and anything after closed', () => {
    expect(canTransition('new', 'resolved')).toBe(false);
    expect(canTransition('new', 'in_contact')).toBe(false);
    expect(allowedTransitions('closed')).toEqual([]);
    for (const s of CASE_STATUSES) expect(canTransition('closed', s)).toBe(false);
  });

  it('gives a crash the top priority and derives the others from severity', () => {
    expect(priorityOf({ kind: 'crash', severity: 'critical' })).toBe(1);
    expect(priorityOf({ kind: 'crash', severity: 'low' })).toBe(1);
    expect(priorityOf({ kind: 'overheating', severity: 'critical' })).toBe(2);
    expect(priorityOf({ kind: 'diagnostic-code', severity: 'high' })).toBe(3);
    expect(priorityOf({ kind: 'harsh-driving', severity: 'low' })).toBe(4);
  });

  it('computes the SLA due time from the priority', () => {
    const sla = { 1: 120, 2: 900, 3: 3600, 4: 14_400 } as const;
    expect(slaDueAt(1_000, 1, sla)).toBe(121_000);
    expect(slaDueAt(0, 4, sla)).toBe(14_400_000);
  });
});
