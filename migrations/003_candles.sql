-- Candle tables, one per timeframe; time = bucket start (epoch-aligned, UTC, like time_bucket).
-- Without TimescaleDB the store upserts them in the same statement that inserts ticks, from the
-- rows actually inserted. To merge a new batch into an existing bucket correctly the row keeps
-- the first and last trade (time, trade_id) and the running sum of price*volume.
-- source: 'stored' = built from stored ticks; 'backfill' = the venue's /kline candle. Merge rule as
-- in core/candle-seed.ts (stored > live > backfill): backfill only fills buckets with no stored
-- ticks, and the first stored ticks of a bucket replace its backfill row (never added to it).
DO $$
DECLARE
  tf text;
BEGIN
  FOREACH tf IN ARRAY ARRAY['1m', '5m', '15m', '1h', '4h', '1d'] LOOP
    EXECUTE format($f$
      CREATE TABLE %1$I (
        time           timestamptz NOT NULL,
        symbol         varchar(20) NOT NULL REFERENCES pairs (symbol) ON DELETE CASCADE,
        open           double precision NOT NULL,
        high           double precision NOT NULL,
        low            double precision NOT NULL,
        close          double precision NOT NULL,
        volume         double precision NOT NULL DEFAULT 0,
        vwap           double precision NOT NULL,
        trade_count    integer NOT NULL DEFAULT 0,
        buy_volume     double precision NOT NULL DEFAULT 0,
        sell_volume    double precision NOT NULL DEFAULT 0,
        source         text NOT NULL CHECK (source IN ('live', 'backfill', 'stored')),
        open_time      timestamptz,
        close_time     timestamptz,
        open_trade_id  bigint,
        close_trade_id bigint,
        pv_sum         double precision NOT NULL DEFAULT 0,
        PRIMARY KEY (symbol, time)
      )$f$, 'candles_' || tf);
    EXECUTE format('CREATE INDEX %I ON %I (time)', 'candles_' || tf || '_time_idx', 'candles_' || tf);
  END LOOP;
END
$$;
