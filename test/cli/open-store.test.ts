import { describe, expect, it } from 'vitest';
import { suffixDatabase } from '../../src/cli/open-store.js';

describe('suffixDatabase (simulation database next to the configured one)', () => {
  it.each([
    ['postgres://u:pw@h:5432/nexwave', 'postgres://u:pw@h:5432/nexwave_sim', 'nexwave_sim'],
    ['postgres://u@h/nexwave?sslmode=disable', 'postgres://u@h/nexwave_sim?sslmode=disable', 'nexwave_sim'],
    ['postgres://trader@h', 'postgres://trader@h/trader_sim', 'trader_sim'],
    ['postgresql://h:5432', 'postgresql://h:5432/postgres_sim', 'postgres_sim'],
  ])('%s -> %s', (url, out, database) => {
    expect(suffixDatabase(url, '_sim')).toEqual({ url: out, database });
  });
});
