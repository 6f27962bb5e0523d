/**
 * The two tests every service's number settings get, from a table: the defaults
 * and a value each variable takes (what it reads as), and bad values refused at
 * start-up with an error naming the variable.
 */

export interface EnvNumberCase<O> {
  readonly variable: string;
  /** the option the variable sets */
  readonly option: keyof O;
  readonly byDefault: number;
  /** a value it takes, and the option's value then */
  readonly takes: readonly [string, number];
  /** values it refuses */
  readonly refuses: readonly string[];
}

/** `meaning` names the first test (what the defaults mean); `optionsOf` loads the service's options from an environment. */
export function itReadsEnvNumbers<O>(optionsOf: (env: Record<string, string>) => O, meaning: string, cases: ReadonlyArray<EnvNumberCase<O>>): void {
  const options = (pick: (c: EnvNumberCase<O>) => number) => Object.fromEntries(cases.map((c) => [c.option, pick(c)]));
  it(meaning, () => {
    expect(optionsOf({})).toMatchObject(options((c) => c.byDefault));
    expect(optionsOf(Object.fromEntries(cases.map((c) => [c.variable, c.takes[0]])))).toMatchObject(options((c) => c.takes[1]));
  });

  it('refuses to start with a bad value, naming the variable', () => {
    for (const c of cases) for (const bad of c.refuses) expect(() => optionsOf({ [c.variable]: bad })).toThrow(new RegExp(c.variable));
  });
}
