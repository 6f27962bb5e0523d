import { fnvMix, hashFeature } from '@tsunagu/text-features';
import { LexemeRecords, type Lexeme } from './lexeme';

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

const NOT_ = 'not_';
/** read once: a call through the module's re-export is a getter call each time */
const mix = fnvMix;

/**
 * The hashes a unit takes part in, computed once per lexeme: its unigram (plain
 * and negated) and the FNV state of `b:<unit>|` and `s:<unit>|` (plain and
 * negated), which the second unit's characters then extend; at these offsets in
 * the unit's record.
 */
const enum U {
  W = 0,
  WNot = 1,
  B = 2,
  BNot = 3,
  S = 4,
  SNot = 5,
}
const unitHashes = new LexemeRecords(6, (lex, out, at) => {
  const stem = lex.stem;
  out[at + U.W] = fnvMix(H_W, stem);
  out[at + U.WNot] = fnvMix(fnvMix(H_W, NOT_), stem);
  out[at + U.B] = fnvMix(fnvMix(H_B, stem), '|');
  out[at + U.BNot] = fnvMix(fnvMix(fnvMix(H_B, NOT_), stem), '|');
  out[at + U.S] = fnvMix(fnvMix(H_S, stem), '|');
  out[at + U.SNot] = fnvMix(fnvMix(fnvMix(H_S, NOT_), stem), '|');
});

export class HashFeatureSink implements FeatureSink {
  readonly out: number[] = [];
  fixed(feature: string): void {
    let h = fixedHashes.get(feature);
    if (h === undefined) fixedHashes.set(feature, (h = hashFeature(feature)));
    this.out.push(h);
  }
  unigram(neg: boolean, unit: Lexeme): void {
    const at = unitHashes.at(unit);
    this.out.push(unitHashes.data[at + (neg ? U.WNot : U.W)]!);
  }
  bigram(kind: 'b' | 's', negA: boolean, a: Lexeme, negB: boolean, b: Lexeme): void {
    const at = unitHashes.at(a);
    let h = unitHashes.data[at + (kind === 'b' ? (negA ? U.BNot : U.B) : negA ? U.SNot : U.S)]!;
    if (negB) h = mix(h, NOT_);
    this.out.push(mix(h, b.stem));
  }
}
