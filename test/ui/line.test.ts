import { describe, expect, it } from 'vitest';
import { seg, wrapSegments } from '../../src/ui/line.js';

const texts = (rows: ReturnType<typeof wrapSegments>): string[] => rows.map((r) => r.map((s) => s.text).join(''));

describe('wrapSegments', () => {
  it('breaks at spaces, keeps each segment its style and indents continuation rows', () => {
    const rows = wrapSegments([seg('REFUSED: ', 'red'), seg('live trading refused: no credentials configured for the venue')], 30);
    expect(texts(rows)).toEqual(['REFUSED: live trading refused:', '  no credentials configured ', '  for the venue']);
    for (const r of texts(rows)) expect(r.length).toBeLessThanOrEqual(30);
    expect(rows[0]?.[0]).toMatchObject({ text: 'REFUSED:', color: 'red' });
  });

  it('cuts a word longer than a row across rows and keeps short lines as they are', () => {
    expect(texts(wrapSegments([seg('x'.repeat(25))], 10))).toEqual(['xxxxxxxxxx', '  xxxxxxxx', '  xxxxxxx']);
    expect(texts(wrapSegments([seg('short')], 10))).toEqual(['short']);
    expect(texts(wrapSegments([], 10))).toEqual(['']);
  });
});
