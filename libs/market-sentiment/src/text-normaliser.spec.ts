import { modelFeatures, PLACEHOLDERS, tokenise } from './text-normaliser';

describe('tokenise', () => {
  it('replaces links, cashtags, mentions, numbers and percentages with placeholders', () => {
    const words = tokenise('$TSLA up 5.5% to $250 says @jane https://t.co/x').map((t) => t.word);
    expect(words).toEqual([PLACEHOLDERS.ticker, 'up', PLACEHOLDERS.percent, 'to', PLACEHOLDERS.number, 'says', PLACEHOLDERS.user, PLACEHOLDERS.url]);
  });

  it('marks up to three words after a negation, and punctuation ends the scope', () => {
    const tokens = tokenise("isn't good, great").filter((t) => t.kind !== 'punct');
    expect(tokens.map((t) => [t.word, t.negated])).toEqual([
      ['is', false],
      ['not', false],
      ['good', true],
      ['great', false],
    ]);
    expect(tokenise('not a very good year at all').map((t) => t.negated)).toEqual([false, true, true, true, false, false, false]);
  });

  it('keeps the sign of numbers and percentages, and emoji and emoticons as tokens', () => {
    const tokens = tokenise('$XYZ -3.5% to $12, +$2 :) 🚀');
    expect(tokens.filter((t) => t.kind === 'percent').map((t) => [t.sign, t.value])).toEqual([[-1, -3.5]]);
    expect(tokens.filter((t) => t.kind === 'number').map((t) => [t.sign, t.value])).toEqual([
      [0, 12],
      [1, 2],
    ]);
    expect(tokens.filter((t) => t.kind === 'emoticon' || t.kind === 'emoji').map((t) => t.word)).toEqual([':)', '🚀']);
  });

  it('builds negation-marked stems and bigrams as model features', () => {
    expect(modelFeatures(tokenise('not good'))).toEqual(['not', 'not_good', 'not|not_good']);
    expect(modelFeatures(tokenise('target cut'))).toContain('target|cut');
  });
});
