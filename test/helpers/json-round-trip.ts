import { expect } from 'vitest';
import type { EngineState } from '../../src/engine/core/spine/engine-state.js';

/**
 * The state crosses the control socket as JSON: through JSON and back it must be the same
 * value, strictly (a Map, Set, class instance, function, undefined field, NaN or Infinity
 * would come back different or not at all).
 */
export function expectJsonRoundTrip(s: EngineState): void {
  const json = JSON.stringify(s);
  expect(JSON.parse(json)).toStrictEqual(s);
  expect(json).not.toMatch(/\bnull,"NaN"|Infinity/);
}
