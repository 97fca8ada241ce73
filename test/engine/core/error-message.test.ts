import { describe, expect, it } from 'vitest';
import { errorMessage } from '../../../src/engine/core/error-message.js';

describe('errorMessage', () => {
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  it.each([
    ['an Error', new Error('boom'), 'boom'],
    ['a string', 'plain', 'plain'],
    ['an object', { code: 7 }, '{"code":7}'],
    ['undefined', undefined, 'undefined'],
    ['a circular object', circular, '[object Object]'],
  ])('turns %s into one line of text', (_name, err, text) => {
    expect(errorMessage(err)).toBe(text);
  });
});
