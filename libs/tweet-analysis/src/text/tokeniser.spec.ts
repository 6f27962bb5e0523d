import { delayTokeniser, featuresOfTokens, LINE_TOKEN, STATION_TOKEN } from './tokeniser';

describe('DelayTokeniser', () => {
  const t = delayTokeniser();

  it('keeps known phrases whole and segments the rest with natural’s Japanese tokenizer', () => {
    // TinySegmenter alone cuts 山手線遅延 into 山手/線遅/延
    expect(t.tokenise('山手線遅延してる')).toEqual([LINE_TOKEN, '遅延', 'してる']);
    expect(t.tokenise('新宿で５分止まってる')).toEqual([STATION_TOKEN, 'で', '<num>', '分', '止まってる']);
  });

  it('stems English and marks negated words', () => {
    expect(t.tokenise("Trains aren't running")).toEqual(['train', 'ar', 'not', 'not_run']);
    expect(t.tokenise('Chuo line not delayed')).toEqual([LINE_TOKEN, 'not delayed']);
  });

  it('drops name placeholders from the features but keeps bigrams', () => {
    expect(featuresOfTokens([LINE_TOKEN, '遅延', 'してる'])).toEqual(['遅延', 'してる', '遅延|してる']);
  });
});
