import { GENERIC_MODEL_ID, loadMachineCatalogue, MachineCatalogue } from './machine-catalogue';

describe('machine catalogue', () => {
  const catalogue = loadMachineCatalogue();

  it('has at least an excavator, a wheel loader, a dump truck and a crane, each with limits and service intervals', () => {
    const types = new Set(catalogue.models.map((m) => m.type));
    for (const type of ['excavator', 'wheel-loader', 'dump-truck', 'crane']) expect(types).toContain(type);
    for (const model of catalogue.models.filter((m) => m.id !== GENERIC_MODEL_ID)) {
      expect(model.serviceIntervals.length).toBeGreaterThan(0);
      for (const spec of Object.values(model.metrics)) {
        // a limit outside the normal range, on the side it guards
        if (spec.limit.direction === 'above') expect(spec.limit.value).toBeGreaterThan(spec.normal[1]);
        else expect(spec.limit.value).toBeLessThan(spec.normal[0]);
      }
    }
  });

  it('resolves an exact model, a model of the same type, else the generic one', () => {
    expect(catalogue.modelFor('crane-50t').id).toBe('crane-50t');
    expect(catalogue.modelFor('excavator-35t').id).toBe('excavator-20t');
    expect(catalogue.modelFor('paver-9000').id).toBe(GENERIC_MODEL_ID);
  });

  it('refuses an invalid catalogue, naming the problem', () => {
    expect(() => MachineCatalogue.parse({ ...catalogue.data, models: [{ id: 'x' }] })).toThrow(/type/);
  });
});
