/** FNV-1a (32-bit) over UTF-16 code units: the hash both text models key their features by. */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** `h` extended by one code unit, so a feature can be hashed while it is built, without a string. */
export function fnvStep(h: number, code: number): number {
  return Math.imul(h ^ code, FNV_PRIME) >>> 0;
}

/** `h` extended by every code unit of `text`. */
export function fnvMix(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) h = fnvStep(h, text.charCodeAt(i));
  return h;
}

export function hashFeature(feature: string): number {
  return fnvMix(FNV_OFFSET, feature);
}
