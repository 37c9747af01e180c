import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/lib/diff.js';

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb', 'a\nb')).toEqual([]);
  });

  it('marks removed and added lines with context', () => {
    expect(unifiedDiff('a\nb\nc', 'a\nB\nc')).toEqual([' a', '-b', '+B', ' c']);
  });

  it('shows everything as added when there was nothing before', () => {
    expect(unifiedDiff('', 'x\ny')).toEqual(['+x', '+y']);
  });

  it('elides long unchanged runs', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const after = [...before];
    after[0] = 'first';
    after[19] = 'last';
    const diff = unifiedDiff(before.join('\n'), after.join('\n'), 1);
    expect(diff).toEqual(['-l0', '+first', ' l1', '@@ … @@', ' l18', '-l19', '+last']);
  });
});
