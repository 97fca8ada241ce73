-- The seed's candles_15m_ohlcv view, verbatim, on every backend. TimescaleDB provides
-- time_bucket, first and last; elsewhere (plain PostgreSQL, PGlite) we define them here, and
-- only when they do not already exist.
DO $$
BEGIN
  IF to_regprocedure('time_bucket(interval, timestamptz)') IS NULL THEN
    -- Epoch-aligned in UTC. TimescaleDB's default origin (2000-01-03) is a whole number of days
    -- after the epoch, so buckets that divide a day (all of ours, '1 day' included) coincide.
    CREATE FUNCTION time_bucket(bucket_width interval, ts timestamptz) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $f$
      SELECT timestamptz 'epoch'
        + floor(extract(epoch FROM ts) / extract(epoch FROM bucket_width))::float8
          * extract(epoch FROM bucket_width)::float8 * interval '1 second'
    $f$;
  END IF;

  IF NOT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'first' AND prokind = 'a') THEN
    -- State = {value, epoch seconds of the earliest time seen}.
    CREATE FUNCTION nexwave_first_sfunc(state float8[], v float8, t timestamptz) RETURNS float8[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
      SELECT CASE
        WHEN t IS NULL THEN state
        WHEN state IS NULL OR extract(epoch FROM t)::float8 < state[2] THEN ARRAY[v, extract(epoch FROM t)::float8]
        ELSE state END
    $f$;
    CREATE FUNCTION nexwave_pick_value(state float8[]) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$ SELECT state[1] $f$;
    -- first(value, time) = value at the minimum time.
    CREATE AGGREGATE first(float8, timestamptz) (
      SFUNC = nexwave_first_sfunc, STYPE = float8[], FINALFUNC = nexwave_pick_value
    );
  END IF;

  IF NOT EXISTS (SELECT 1 FROM pg_proc WHERE proname = 'last' AND prokind = 'a') THEN
    CREATE FUNCTION nexwave_last_sfunc(state float8[], v float8, t timestamptz) RETURNS float8[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
      SELECT CASE
        WHEN t IS NULL THEN state
        WHEN state IS NULL OR extract(epoch FROM t)::float8 >= state[2] THEN ARRAY[v, extract(epoch FROM t)::float8]
        ELSE state END
    $f$;
    -- last(value, time) = value at the maximum time.
    CREATE AGGREGATE last(float8, timestamptz) (
      SFUNC = nexwave_last_sfunc, STYPE = float8[], FINALFUNC = nexwave_pick_value
    );
  END IF;
END
$$;

-- Verbatim from the seed (shared/seed/000_2c8424808ffac391.txt, "View Definition").
CREATE OR REPLACE VIEW candles_15m_ohlcv AS
SELECT
    time_bucket('15 minutes', time) AS time,
    symbol,
    FIRST(price, time) AS open,
    MAX(price) AS high,
    MIN(price) AS low,
    LAST(price, time) AS close,
    SUM(volume) AS volume,
    SUM(price * volume) / NULLIF(SUM(volume), 0) AS vwap
FROM ticks
GROUP BY time_bucket('15 minutes', time), symbol;
