import { LexiconSentiment } from './lexicon-sentiment';
import { hasPersonalMarkers, isEverydayLanguage, isNewsRegister } from './register';
import { tokenise } from './text-normaliser';

describe('register', () => {
  const lexicon = new LexiconSentiment();
  const everyday = (text: string, evaluativeWeight = 2.5) => {
    const tokens = tokenise(text);
    return isEverydayLanguage(tokens, lexicon.scoreTokens(tokens), evaluativeWeight);
  };

  it('reads a shared link or a Title Case headline as news', () => {
    expect(isNewsRegister(tokenise('I gave up my smartphone for a week and I hated it.… https://t.co/5nB4kYMDOW'))).toBe(true);
    expect(isNewsRegister(tokenise('Severe Thunderstorms, Snowstorms To Begin Messy Weather Week Across US'))).toBe(true);
    expect(isNewsRegister(tokenise('the concert was awful, the sound was terrible'))).toBe(false);
    expect(isNewsRegister(tokenise('$TSLA dumping again, this is painful'))).toBe(false);
  });

  it('does not take "US" in capitals for a person', () => {
    expect(hasPersonalMarkers(tokenise('Swedish man extradited to the US on fraud charges'))).toBe(false);
    expect(hasPersonalMarkers(tokenise('join us tonight'))).toBe(true);
    expect(hasPersonalMarkers(tokenise('$NVDA to the moon 🚀'))).toBe(true);
  });

  it('counts a post without personal marks as everyday when a strong general word carries it', () => {
    expect(everyday('The concert was awful, the sound was terrible', 2)).toBe(true);
    // "fun" is 2.3 on VADER's scale
    expect(everyday('a fun day at the fair', 2.5)).toBe(false);
    expect(everyday('a fun day at the fair', 1.5)).toBe(true);
    // a capitalised word inside a sentence is a name, not a feeling
    expect(everyday('Cancer Genetics reports Q3 results', 1.5)).toBe(false);
    // finance words do not make a voice: news says "downgraded" too
    expect(everyday('H&P downgraded at Argus as drilling weakness seen persisting', 1.5)).toBe(false);
  });
});
