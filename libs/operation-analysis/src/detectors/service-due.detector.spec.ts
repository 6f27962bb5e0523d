import { closeService, createServiceState, stepServiceDue } from './service-due.detector';

describe('service-due detector', () => {
  it('is due at the next multiple of the interval, once, escalating when overdue', () => {
    const state = createServiceState(1480, 500);
    expect(state.nextDueHours).toBe(1500);
    expect(stepServiceDue(state, 500, 1499.9)).toBeNull();
    expect(stepServiceDue(state, 500, 1500.1)).toMatchObject({ dueAtHours: 1500, severity: 'low' });
    expect(stepServiceDue(state, 500, 1510)).toBeNull();
    expect(stepServiceDue(state, 500, 1551)).toMatchObject({ severity: 'medium' });
    expect(stepServiceDue(state, 500, 1600)).toBeNull();
  });

  it('is due again one interval after the service was done', () => {
    const state = createServiceState(1480, 500);
    stepServiceDue(state, 500, 1502);
    closeService(state, 500, 1520, 'done');
    expect(state.nextDueHours).toBe(2020);
    expect(stepServiceDue(state, 500, 2000)).toBeNull();
    expect(stepServiceDue(state, 500, 2021)).not.toBeNull();
  });

  it('a cancelled service is due at the next multiple', () => {
    const state = createServiceState(1480, 500);
    stepServiceDue(state, 500, 1502);
    closeService(state, 500, 1520, 'cancelled');
    expect(state.nextDueHours).toBe(2000);
  });
});
