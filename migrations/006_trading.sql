-- Trading: orders are recorded before they are sent (the venue's order id comes later), positions
-- are kept per (mode, strategy, symbol) so paper and live never mix, the trading state survives a
-- restart (the seed's trading_state keeps one row per change; the newest one is the state), and
-- the paper venue keeps its account in one row.
ALTER TABLE orders ALTER COLUMN order_id DROP NOT NULL;
ALTER TABLE orders ADD COLUMN mode text NOT NULL DEFAULT 'paper' CHECK (mode IN ('paper', 'live'));
ALTER TABLE orders ADD COLUMN reduce_only boolean NOT NULL DEFAULT false;
ALTER TABLE orders ADD COLUMN reason text;
-- The time of the last transition on the engine's clock (updated_at is the database's wall time).
ALTER TABLE orders ADD COLUMN transition_at timestamptz;
ALTER TABLE orders ADD CONSTRAINT orders_status_check
  CHECK (status IN ('pending', 'submitted', 'open', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired'));
CREATE INDEX orders_mode_status_idx ON orders (mode, status);

ALTER TABLE positions DROP CONSTRAINT positions_strategy_symbol_key;
ALTER TABLE positions ADD COLUMN mode text NOT NULL DEFAULT 'paper' CHECK (mode IN ('paper', 'live'));
ALTER TABLE positions ADD COLUMN fees double precision NOT NULL DEFAULT 0;
ALTER TABLE positions ADD COLUMN funding double precision NOT NULL DEFAULT 0;
ALTER TABLE positions ADD COLUMN stop_loss double precision;
ALTER TABLE positions ADD COLUMN take_profit double precision;
ALTER TABLE positions ADD COLUMN partial_taken boolean NOT NULL DEFAULT false;
ALTER TABLE positions ADD COLUMN external boolean NOT NULL DEFAULT false;
ALTER TABLE positions ADD CONSTRAINT positions_mode_strategy_symbol_key UNIQUE (mode, strategy_id, symbol);

CREATE TABLE paper_account (
  id         smallint PRIMARY KEY CHECK (id = 1),
  doc        jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
