/** Stable partition for a key (FNV-1a); null keys go to partition 0. */
export function partitionOf(key: string | null, partitions: number): number {
  if (key === null) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}
