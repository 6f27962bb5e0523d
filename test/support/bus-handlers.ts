/** Batch handlers for the buses' own tests (the retry contract every bus keeps). */
import { TransientError, type IncomingBatch } from '@tsunagu/platform';

export interface FlakyHandler {
  handleBatch(batch: IncomingBatch): Promise<void>;
  /** calls so far, failed ones included */
  readonly calls: number;
  /** the values of the batches it took, in order */
  readonly values: string[];
}

/** Throws a TransientError (what a database going away raises) on its first `failures` calls, then takes what it is handed: the bus must hand the same batch again. */
export function failingFirst(failures: number): FlakyHandler {
  let calls = 0;
  const values: string[] = [];
  return {
    handleBatch: async (batch) => {
      if (++calls <= failures) throw new TransientError('database away');
      values.push(...batch.messages.map((m) => m.value.toString()));
    },
    get calls() {
      return calls;
    },
    values,
  };
}
