import { FeatureIndex, fnvMix, FNV_OFFSET, hashFeature } from '@tsunagu/text-features';

describe('hashed features', () => {
  it('hashes as FNV-1a does (the models on disk were trained with it)', () => {
    expect(hashFeature('')).toBe(0x811c9dc5);
    expect(hashFeature('a')).toBe(0xe40c292c);
    expect(hashFeature('foobar')).toBe(0xbf9cf968);
    expect(fnvMix(fnvMix(FNV_OFFSET, 'w:'), 'rail')).toBe(hashFeature('w:rail'));
  });

  it('finds every feature it was built with and nothing else', () => {
    const features = Array.from({ length: 1000 }, (_, i) => `w:f${i}`);
    const index = new FeatureIndex(features.map(hashFeature));
    features.forEach((f, i) => expect(index.lookup(hashFeature(f))).toBe(i));
    expect(index.lookup(hashFeature('w:unknown'))).toBe(-1);
  });

  it('keeps the first of two features with the same hash', () => {
    const index = new FeatureIndex([7, 7, 9]);
    expect(index.lookup(7)).toBe(0);
    expect(index.lookup(9)).toBe(2);
  });
});
