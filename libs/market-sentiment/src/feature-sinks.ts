import { fnvMix, hashFeature } from '@tsunagu/text-features';
import { LexemeTable, type Lexeme } from './lexeme';

/**
 * Where features go: as strings (training, inspection) or as 32-bit FNV-1a
 * hashes of the same strings computed from the parts (the analyser: no string is
 * built per feature). A unit is a stem (a lexeme's, or a placeholder's), written
 * `not_<stem>` in a negation's scope.
 */
export interface FeatureSink {
  /** a fixed feature ('a:upgrade', 'l:pos2') */
  fixed(feature: string): void;
  /** `w:<unit>` */
  unigram(neg: boolean, unit: Lexeme): void;
  /** `<kind>:<unit a>|<unit b>` */
  bigram(kind: 'b' | 's', negA: boolean, a: Lexeme, negB: boolean, b: Lexeme): void;
}


export class StringFeatureSink implements FeatureSink {
  readonly out: string[] = [];
  fixed(feature: string): void {
    this.out.push(feature);
  }
  unigram(neg: boolean, unit: Lexeme): void {
    this.out.push(neg ? `w:not_${unit.stem}` : `w:${unit.stem}`);
  }
  bigram(kind: 'b' | 's', negA: boolean, a: Lexeme, negB: boolean, b: Lexeme): void {
    this.out.push(`${kind}:${negA ? 'not_' : ''}${a.stem}|${negB ? 'not_' : ''}${b.stem}`);
  }
}

const H_W = hashFeature('w:');
const H_B = hashFeature('b:');
const H_S = hashFeature('s:');
const fixedHashes = new Map<string, number>();

/**
 * The hashes a unit takes part in, computed once per lexeme: its unigram (plain
 * and negated) and the FNV state of `b:<unit>|` and `s:<unit>|` (plain and
 * negated), which the second unit's characters then extend.
 */
interface UnitHashes {
  readonly w: number;
  readonly wNot: number;
  readonly b: number;
  readonly bNot: number;
  readonly s: number;
  readonly sNot: number;
}

const NOT_ = 'not_';
/** read once: a call through the module's re-export is a getter call each time */
const mix = fnvMix;
const unitHashes = new LexemeTable<UnitHashes>((lex) => {
  const stem = lex.stem;
  return {
    w: fnvMix(H_W, stem),
    wNot: fnvMix(fnvMix(H_W, NOT_), stem),
    b: fnvMix(fnvMix(H_B, stem), '|'),
    bNot: fnvMix(fnvMix(fnvMix(H_B, NOT_), stem), '|'),
    s: fnvMix(fnvMix(H_S, stem), '|'),
    sNot: fnvMix(fnvMix(fnvMix(H_S, NOT_), stem), '|'),
  };
});

export class HashFeatureSink implements FeatureSink {
  readonly out: number[] = [];
  fixed(feature: string): void {
    let h = fixedHashes.get(feature);
    if (h === undefined) fixedHashes.set(feature, (h = hashFeature(feature)));
    this.out.push(h);
  }
  unigram(neg: boolean, unit: Lexeme): void {
    const u = unitHashes.get(unit);
    this.out.push(neg ? u.wNot : u.w);
  }
  bigram(kind: 'b' | 's', negA: boolean, a: Lexeme, negB: boolean, b: Lexeme): void {
    const u = unitHashes.get(a);
    let h = kind === 'b' ? (negA ? u.bNot : u.b) : negA ? u.sNot : u.s;
    if (negB) h = mix(h, NOT_);
    this.out.push(mix(h, b.stem));
  }
}
