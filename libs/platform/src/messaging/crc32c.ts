/**
 * CRC-32C (Castagnoli), the checksum of a Kafka record batch, eight bytes a step
 * ("slicing by 8"): the same value as kafkajs' byte-at-a-time loop in a fraction of
 * its time (that loop was 2.7 % of the ingest broker's CPU under `npm run bench:ingest`).
 */
const POLY = 0x82f63b78;
const TABLES = Array.from({ length: 8 }, () => new Int32Array(256));
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLY : c >>> 1;
  TABLES[0]![n] = c;
}
for (let n = 0; n < 256; n++) {
  for (let t = 1; t < 8; t++) TABLES[t]![n] = (TABLES[t - 1]![n]! >>> 8) ^ TABLES[0]![TABLES[t - 1]![n]! & 0xff]!;
}
const [T0, T1, T2, T3, T4, T5, T6, T7] = TABLES as [Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array, Int32Array];

/** CRC-32C of `bytes[start, end)` as an unsigned 32-bit number. */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = -1;
  let i = start;
  for (const stop = end - 7; i < stop; i += 8) {
    const lo = crc ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    crc =
      T7[lo & 0xff]! ^ T6[(lo >>> 8) & 0xff]! ^ T5[(lo >>> 16) & 0xff]! ^ T4[lo >>> 24]! ^
      T3[bytes[i + 4]!]! ^ T2[bytes[i + 5]!]! ^ T1[bytes[i + 6]!]! ^ T0[bytes[i + 7]!]!;
  }
  for (; i < end; i++) crc = T0[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
