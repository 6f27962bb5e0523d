import type { PriceV1 } from '@tsunagu/contracts';
import { Random, round } from '../random';

interface Move {
  readonly pct: number;
  readonly from: number;
  readonly overMs: number;
}

/**
 * A price feed per ticker: geometric Brownian motion (annualised volatility `volatility`,
 * no drift), plus injected moves (a price-move event: +pct% spread over a duration).
 * Prices are for paper trading only.
 */
export class PriceFeed {
  private readonly prices = new Map<string, number>();
  private readonly moves = new Map<string, Move[]>();
  private last: number;

  constructor(
    private readonly rng: Random,
    tickers: readonly string[],
    startAt: number,
    private readonly volatility = 0.35,
  ) {
    for (const t of tickers) this.prices.set(t, round(this.rng.between(40, 600), 2));
    this.last = startAt;
  }

  tickers(): string[] {
    return [...this.prices.keys()];
  }

  move(ticker: string, pct: number, at: number, overMs = 0): void {
    if (!this.prices.has(ticker)) this.prices.set(ticker, round(this.rng.between(40, 600), 2));
    this.moves.set(ticker, [...(this.moves.get(ticker) ?? []), { pct, from: at, overMs }]);
  }

  /** Advances every ticker to `now` and returns one tick per ticker. */
  tick(now: number): PriceV1[] {
    const dtYears = Math.max(0, now - this.last) / (365 * 24 * 3_600_000);
    const from = this.last;
    this.last = now;
    const out: PriceV1[] = [];
    for (const [ticker, price] of this.prices) {
      let next = price * Math.exp(-0.5 * this.volatility ** 2 * dtYears + this.volatility * Math.sqrt(dtYears) * this.rng.gaussian());
      for (const m of this.moves.get(ticker) ?? []) {
        // the share of the move that falls in (from, now]
        const share = fractionDone(m, now) - fractionDone(m, from);
        if (share > 0) next *= (1 + m.pct / 100) ** share;
      }
      next = Math.max(0.01, round(next, 2));
      this.prices.set(ticker, next);
      out.push({ ticker, price: next, ts: now });
    }
    return out;
  }
}

function fractionDone(m: Move, t: number): number {
  if (t < m.from) return 0;
  if (m.overMs <= 0) return 1;
  return Math.min(1, (t - m.from) / m.overMs);
}
