import { hashFeature, HashSink, scopeFeatures, StringSink } from './delay-features';

describe('delay features', () => {
  it('are character bigrams and trigrams of Japanese, stemmed English words and cues, never crossing a name', () => {
    const text = '山手線遅れてる?';
    const sink = new StringSink();
    scopeFeatures(text, 0, text.length, [{ start: 0, end: 3 }], ['question'], sink);
    expect(sink.out).toEqual(['b:遅れ', 'b:れて', 'b:てる', 'b:る?', 't:遅れて', 't:れてる', 't:てる?', 'c:question']);
    const en = new StringSink();
    scopeFeatures('trains not running', 0, 18, [], [], en);
    expect(en.out).toEqual(['w:train', 'w:not', 'w:train|not', 'w:not_run', 'w:not|not_run']);
  });

  it('hash on the fly exactly as the strings hash', () => {
    const text = 'Chuo line delayed, 中央線遅延中';
    const strings = new StringSink();
    const hashes = new HashSink();
    scopeFeatures(text.toLowerCase(), 0, text.length, [], ['delay'], strings);
    scopeFeatures(text.toLowerCase(), 0, text.length, [], ['delay'], hashes);
    expect(hashes.out).toEqual(strings.out.map(hashFeature));
  });
});
