import { sqlMigration } from '@tsunagu/platform';

/**
 * Paper trading's own schema: the latest price per ticker, positions, orders
 * (filled or refused; the signal id is the client order id and unique, which
 * makes consuming signals idempotent), the audit trail, and the kill switch.
 */
export const TradingInit1764700000000 = sqlMigration('TradingInit1764700000000', {
  up: [
    `CREATE TABLE trading.prices (
      ticker text PRIMARY KEY,
      price double precision NOT NULL CHECK (price > 0),
      ts bigint NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE trading.positions (
      ticker text PRIMARY KEY,
      qty double precision NOT NULL DEFAULT 0,
      avg_cost double precision NOT NULL DEFAULT 0,
      realised_pnl double precision NOT NULL DEFAULT 0,
      last_order_signal_at bigint,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE trading.orders (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      client_order_id text NOT NULL UNIQUE,
      mode text NOT NULL DEFAULT 'paper' CHECK (mode = 'paper'),
      ticker text NOT NULL,
      side text NOT NULL CHECK (side IN ('buy', 'sell')),
      status text NOT NULL CHECK (status IN ('filled', 'refused')),
      qty double precision,
      fill_price double precision CHECK (fill_price IS NULL OR fill_price > 0),
      value double precision,
      realised_pnl double precision NOT NULL DEFAULT 0,
      refused_rule text,
      refusal_detail text,
      signal jsonb NOT NULL,
      tweet_ids text[] NOT NULL,
      signal_emitted_at bigint NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'filled') = (fill_price IS NOT NULL)),
      CHECK ((status = 'refused') = (refused_rule IS NOT NULL))
    )`,
    `CREATE INDEX orders_ticker_created ON trading.orders (ticker, created_at DESC)`,
    `CREATE INDEX orders_created ON trading.orders (created_at DESC)`,
    `CREATE TABLE trading.audit_events (
      id bigserial PRIMARY KEY,
      order_id uuid REFERENCES trading.orders (id),
      at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      event text NOT NULL,
      detail jsonb NOT NULL DEFAULT '{}'
    )`,
    `CREATE INDEX audit_events_order ON trading.audit_events (order_id, id)`,
    `CREATE TABLE trading.kill_switch (
      id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
      engaged boolean NOT NULL DEFAULT false,
      reason text,
      changed_by text,
      changed_at timestamptz NOT NULL DEFAULT now()
    )`,
    `INSERT INTO trading.kill_switch (id, engaged) VALUES (1, false)`,
  ],
});
