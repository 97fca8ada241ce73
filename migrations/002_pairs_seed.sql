-- The 34 pairs the seed ran with: the 30 of pacifica-api.md §4.4 plus TRUMP, ICP, NEAR, STRK
-- (emerging). 3 major / 7 mid-cap / 18 emerging / 6 small-cap; whale thresholds 25k / 10k / 5k /
-- 2.5k USD. Leverage and tick sizes are Nexwave's config values where §4.4 lists them; the venue
-- /info sync (upsertPairs) overwrites the venue fields. min_order_size is the venue's USD minimum
-- (10). Lot sizes are conservative picks until the first /info sync.
INSERT INTO pairs (symbol, category, max_leverage, min_order_size, tick_size, lot_size, whale_threshold_usd, display_name)
VALUES
  ('BTC',      'major',     50, 10, 0.1,      0.00001, 25000, 'Bitcoin'),
  ('ETH',      'major',     50, 10, 0.01,     0.0001,  25000, 'Ethereum'),
  ('SOL',      'major',     20, 10, 0.001,    0.01,    25000, 'Solana'),
  ('HYPE',     'mid-cap',   20, 10, 0.0001,   0.01,    10000, 'Hyperliquid'),
  ('ZEC',      'mid-cap',   10, 10, 0.01,     0.01,    10000, 'Zcash'),
  ('BNB',      'mid-cap',   10, 10, 0.01,     0.001,   10000, 'BNB'),
  ('XRP',      'mid-cap',   20, 10, 0.0001,   1,       10000, 'XRP'),
  ('PUMP',     'mid-cap',    5, 10, 0.00001,  1,       10000, 'Pump.fun'),
  ('AAVE',     'mid-cap',   10, 10, 0.01,     0.01,    10000, 'Aave'),
  ('ENA',      'mid-cap',   10, 10, 0.0001,   1,       10000, 'Ethena'),
  ('ASTER',    'emerging',   5, 10, 0.0001,   1,        5000, 'Aster'),
  ('kBONK',    'emerging',  10, 10, 0.000001, 1,        5000, 'Bonk (1000x)'),
  ('kPEPE',    'emerging',  10, 10, 0.000001, 1,        5000, 'Pepe (1000x)'),
  ('LTC',      'emerging',  10, 10, 0.01,     0.01,     5000, 'Litecoin'),
  ('PAXG',     'emerging',  10, 10, 0.1,      0.001,    5000, 'PAX Gold'),
  ('VIRTUAL',  'emerging',   5, 10, 0.0001,   0.1,      5000, 'Virtuals Protocol'),
  ('SUI',      'emerging',  10, 10, 0.0001,   0.1,      5000, 'Sui'),
  ('FARTCOIN', 'emerging',  10, 10, 0.0001,   1,        5000, 'Fartcoin'),
  ('TAO',      'emerging',  10, 10, 0.01,     0.001,    5000, 'Bittensor'),
  ('DOGE',     'emerging',  15, 10, 0.00001,  1,        5000, 'Dogecoin'),
  ('XPL',      'emerging',  10, 10, 0.0001,   1,        5000, 'Plasma'),
  ('AVAX',     'emerging',  10, 10, 0.001,    0.01,     5000, 'Avalanche'),
  ('LINK',     'emerging',  10, 10, 0.001,    0.1,      5000, 'Chainlink'),
  ('UNI',      'emerging',  10, 10, 0.001,    0.1,      5000, 'Uniswap'),
  ('TRUMP',    'emerging',  10, 10, 0.001,    0.1,      5000, 'Official Trump'),
  ('ICP',      'emerging',   5, 10, 0.001,    0.1,      5000, 'Internet Computer'),
  ('NEAR',     'emerging',   5, 10, 0.0001,   0.1,      5000, 'NEAR Protocol'),
  ('STRK',     'emerging',   5, 10, 0.00001,  1,        5000, 'Starknet'),
  ('WLFI',     'small-cap',  5, 10, 0.00001,  1,        2500, 'World Liberty Financial'),
  ('PENGU',    'small-cap',  5, 10, 0.000001, 1,        2500, 'Pudgy Penguins'),
  ('2Z',       'small-cap',  3, 10, 0.00001,  1,        2500, 'DoubleZero'),
  ('MON',      'small-cap',  3, 10, 0.00001,  1,        2500, 'Monad'),
  ('LDO',      'small-cap', 10, 10, 0.0001,   0.1,      2500, 'Lido DAO'),
  ('CRV',      'small-cap', 10, 10, 0.0001,   1,        2500, 'Curve DAO')
ON CONFLICT (symbol) DO NOTHING;
