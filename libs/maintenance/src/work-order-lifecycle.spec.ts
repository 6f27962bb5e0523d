import { allowedTransitions, canTransition, isClosed, WORK_ORDER_STATUSES } from './work-order-lifecycle';

describe('work-order lifecycle', () => {
  it('runs open → scheduled → in progress → done', () => {
    expect(canTransition('open', 'scheduled')).toBe(true);
    expect(canTransition('scheduled', 'in_progress')).toBe(true);
    expect(canTransition('in_progress', 'done')).toBe(true);
  });

  it('can be cancelled from every active state, and never leaves a closed one', () => {
    for (const from of ['open', 'scheduled', 'in_progress'] as const) expect(canTransition(from, 'cancelled')).toBe(true);
    for (const from of ['done', 'cancelled'] as const) {
      expect(allowedTransitions(from)).toEqual([]);
      for (const to of WORK_ORDER_STATUSES) expect(canTransition(from, to)).toBe(false);
    }
  });

  it('cannot be done without being worked on', () => {
    expect(canTransition('open', 'done')).toBe(false);
    expect(canTransition('scheduled', 'done')).toBe(false);
  });

  it('knows the closed states', () => {
    expect(WORK_ORDER_STATUSES.filter(isClosed)).toEqual(['done', 'cancelled']);
  });
});
