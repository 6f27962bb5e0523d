import { currentCorrelationId, holdCorrelationIds, withCorrelationId } from './logger';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('correlation ids', () => {
  it('flow through awaits while a hold is open, side by side', async () => {
    const releases = [holdCorrelationIds(), holdCorrelationIds()];
    const seen = await Promise.all(
      ['a', 'b'].map((id) =>
        withCorrelationId(id, async () => {
          await tick();
          await Promise.resolve();
          return currentCorrelationId();
        }),
      ),
    );
    expect(seen).toEqual(['a', 'b']);
    // one request ends: the other keeps its id
    releases[0]!();
    const still = withCorrelationId('c', async () => {
      await tick();
      return currentCorrelationId();
    });
    expect(await still).toBe('c');
    releases[1]!();
  });

  it('are switched off when the last hold is released (twice is once), and on again with the next request', async () => {
    const release = holdCorrelationIds();
    const open = holdCorrelationIds();
    const inside = withCorrelationId('x', async () => {
      await tick();
      return currentCorrelationId();
    });
    expect(await inside).toBe('x');
    release();
    release();
    // the second hold is still open
    expect(withCorrelationId('y', () => currentCorrelationId())).toBe('y');
    open();
    expect(currentCorrelationId()).toBeUndefined();
    const next = holdCorrelationIds();
    expect(
      await withCorrelationId('z', async () => {
        await tick();
        return currentCorrelationId();
      }),
    ).toBe('z');
    next();
  });
});
