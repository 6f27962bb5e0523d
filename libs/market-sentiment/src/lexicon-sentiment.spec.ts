import { LexiconSentiment, PlainAfinnBaseline } from './lexicon-sentiment';

describe('LexiconSentiment', () => {
  const lexicon = new LexiconSentiment();

  it('scores "not good" below "good", and below zero', () => {
    const good = lexicon.score('good');
    const notGood = lexicon.score('not good');
    expect(notGood.score).toBeLessThan(good.score);
    expect(notGood.score).toBeLessThan(0);
    expect(notGood.evidence).toEqual([expect.objectContaining({ word: 'good', negated: true, source: 'vader' })]);
  });

  it('lets intensifiers strengthen and weaken', () => {
    expect(lexicon.score('very good').score).toBeGreaterThan(lexicon.score('good').score);
    expect(lexicon.score('slightly good').score).toBeLessThan(lexicon.score('good').score);
    expect(lexicon.score('very good').evidence[0]).toMatchObject({ word: 'good', intensifier: 'very', weight: 2.85 });
  });

  it('reads finance words the way markets mean them', () => {
    expect(lexicon.score('$XYZ beats estimates').score).toBeGreaterThan(0);
    expect(lexicon.score('$XYZ downgraded, price target cut').score).toBeLessThan(0);
    expect(lexicon.score('$XYZ price target cut').evidence).toEqual([expect.objectContaining({ word: 'cut', source: 'finance-lexicon' })]);
  });

  it('reads everyday language: slang, emoticons, emoji, capitals, "but"', () => {
    expect(lexicon.score('I love it').score).toBeGreaterThan(0.5);
    expect(lexicon.score('hate this').score).toBeLessThan(-0.5);
    expect(lexicon.score('a great read').score).toBeGreaterThan(0.5);
    expect(lexicon.score('lol :)').score).toBeGreaterThan(0.5);
    expect(lexicon.score('$TSLA to the moon 🚀🚀').score).toBeGreaterThan(0.5);
    expect(lexicon.score('ugh, rekt 😭').score).toBeLessThan(-0.5);
    expect(lexicon.score('This is GREAT').score).toBeGreaterThan(lexicon.score('This is great').score);
    expect(lexicon.score('good but terrible').score).toBeLessThan(0);
    expect(lexicon.score('not bad at all').score).toBeGreaterThan(0);
  });

  it('keeps neutral text at zero with no evidence', () => {
    expect(lexicon.score('$XYZ reports on Thursday')).toEqual({ score: 0, total: 0, evidence: [] });
  });
});

describe('PlainAfinnBaseline', () => {
  it('is natural’s AFINN analyser as documented (mean valence per word)', () => {
    const afinn = new PlainAfinnBaseline();
    expect(afinn.score('good')).toBe(3);
    expect(afinn.score('')).toBe(0);
  });
});
