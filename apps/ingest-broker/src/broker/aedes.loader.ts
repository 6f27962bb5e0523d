import { Aedes, type AedesOptions } from 'aedes';

/**
 * aedes 1.x is ESM-only: the compiled CommonJS `require('aedes')` relies on
 * Node ≥ 20.19 loading ES modules natively (jest compiles it instead, see
 * jest.config.js). Brokers are created asynchronously since aedes 1.0.
 */
export function createAedes(options: AedesOptions): Promise<Aedes> {
  return Aedes.createBroker(options);
}
