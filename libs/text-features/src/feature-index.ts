/**
 * Feature hash → feature index, by open addressing in two typed arrays: a model
 * looks its features up by their 32-bit hash, so scoring a text builds no strings
 * and allocates nothing. Sized to a power of two at least twice the feature count.
 */
export class FeatureIndex {
  private readonly keys: Uint32Array;
  /** index + 1 (0 = empty) */
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(hashes: readonly number[]) {
    let size = 1;
    while (size < hashes.length * 2) size <<= 1;
    this.keys = new Uint32Array(size);
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    hashes.forEach((h, i) => this.insert(h, i));
  }

  /** the feature's index, or -1 when the model does not know it */
  lookup(hash: number): number {
    let s = hash & this.mask;
    while (this.slots[s] !== 0) {
      if (this.keys[s] === hash) return this.slots[s]! - 1;
      s = (s + 1) & this.mask;
    }
    return -1;
  }

  private insert(hash: number, index: number): void {
    let s = hash & this.mask;
    while (this.slots[s] !== 0) {
      if (this.keys[s] === hash) return; // a 32-bit collision: the first feature keeps the slot
      s = (s + 1) & this.mask;
    }
    this.keys[s] = hash;
    this.slots[s] = index + 1;
  }
}
