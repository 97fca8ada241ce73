import { describe, expect, it } from 'vitest';
import { firstItem, ListPanel } from '../../src/ui/panels/list-panel.js';
import { seg } from '../../src/ui/line.js';
import { liveState } from './fixtures.js';
import { renderText, session } from './session.js';

describe('list panel with items of two rows (narrow panels)', () => {
  it('scrolls by items so the selected item shows whole', () => {
    expect(firstItem([2, 2, 2, 2], 0, 5)).toBe(0);
    expect(firstItem([2, 2, 2, 2], 2, 5)).toBe(1);
    expect(firstItem([2, 2, 2, 2], 3, 5)).toBe(2);
    expect(firstItem([1, 1, 2], 2, 4)).toBe(0);
  });

  it('renders both rows of each item, the cursor item last and whole, with n/N in the title', () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ lines: [[seg(`item ${i}`)], [seg(`  more ${i}`)]] }));
    const { lines } = renderText(<ListPanel title="T" rows={rows} empty="-" width={20} height={6} focused cursor={3} />, session({ state: liveState }), 20);
    expect(lines.slice(0, 6)).toEqual([' T   4/5', 'item 2', '  more 2', 'item 3', '  more 3', ''].map((l) => expect.stringContaining(l.trim())));
  });
});
