-- TimescaleDB path, taken only when the extension is installed (001 creates it when available).
-- NOT exercised by the test suite: TimescaleDB cannot be installed on our build machines, so this
-- block is kept small and every statement is guarded by the extension check.
-- With TimescaleDB: ticks become a hypertable (1-day chunks, compressed after 7 days, dropped after
-- 90 days); continuous aggregates candles_<tf>_cagg maintain candles; candles_<tf>_merged serves
-- reads (aggregates, plus venue backfill rows for buckets with no stored ticks). Without
-- it the store maintains candles_<tf> itself and prunes ticks in batches.
DO $$
DECLARE
  tf record;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
    RETURN;
  END IF;
  PERFORM create_hypertable('ticks', 'time', chunk_time_interval => interval '1 day',
                            if_not_exists => true, migrate_data => true);
  EXECUTE 'ALTER TABLE ticks SET (timescaledb.compress, timescaledb.compress_segmentby = ''symbol'','
       || ' timescaledb.compress_orderby = ''time DESC, trade_id DESC'')';
  PERFORM add_compression_policy('ticks', interval '7 days', if_not_exists => true);
  PERFORM add_retention_policy('ticks', interval '90 days', if_not_exists => true);
  FOR tf IN SELECT * FROM (VALUES
      ('1m', '1 minute', '3 hours', '1 minute'), ('5m', '5 minutes', '12 hours', '5 minutes'),
      ('15m', '15 minutes', '1 day', '15 minutes'), ('1h', '1 hour', '7 days', '1 hour'),
      ('4h', '4 hours', '30 days', '4 hours'), ('1d', '1 day', '90 days', '1 day'))
      AS v(name, width, start_offset, end_offset) LOOP
    EXECUTE format($f$
      CREATE MATERIALIZED VIEW %1$I WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
      SELECT time_bucket(%2$L::interval, time) AS time, symbol,
             first(price, time) AS open, max(price) AS high, min(price) AS low, last(price, time) AS close,
             sum(volume) AS volume, sum(price * volume) AS pv_sum, count(*) AS trade_count,
             coalesce(sum(volume) FILTER (WHERE side = 'buy'), 0) AS buy_volume,
             coalesce(sum(volume) FILTER (WHERE side = 'sell'), 0) AS sell_volume
      FROM ticks GROUP BY 1, 2 WITH NO DATA$f$, 'candles_' || tf.name || '_cagg', tf.width);
    PERFORM add_continuous_aggregate_policy(('candles_' || tf.name || '_cagg')::regclass,
      start_offset => tf.start_offset::interval, end_offset => tf.end_offset::interval,
      schedule_interval => tf.end_offset::interval);
    EXECUTE format($f$
      CREATE VIEW %1$I AS
      SELECT a.time, a.symbol, a.open, a.high, a.low, a.close, a.volume,
             CASE WHEN a.volume > 0 THEN a.pv_sum / a.volume ELSE a.close END AS vwap,
             a.trade_count::integer AS trade_count, a.buy_volume, a.sell_volume, 'stored'::text AS source
      FROM %2$I a
      UNION ALL
      SELECT b.time, b.symbol, b.open, b.high, b.low, b.close, b.volume, b.vwap, b.trade_count, b.buy_volume,
             b.sell_volume, b.source
      FROM %3$I b
      WHERE NOT EXISTS (SELECT 1 FROM %2$I a WHERE a.symbol = b.symbol AND a.time = b.time)$f$, 'candles_' || tf.name || '_merged', 'candles_' || tf.name || '_cagg', 'candles_' || tf.name);
  END LOOP;
END
$$;
