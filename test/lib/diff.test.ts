import { describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../src/lib/diff.js';

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb', 'a\nb')).toEqual([]);
  });

  it('marks removed and added lines with context, under a hunk marker', () => {
    expect(unifiedDiff('a\nb\nc', 'a\nB\nc')).toEqual(['@@ -1,3 +1,3 @@', ' a', '-b', '+B', ' c']);
  });

  it('shows everything as added when there was nothing before', () => {
    expect(unifiedDiff('', 'x\ny')).toEqual(['@@ -0,0 +1,2 @@', '+x', '+y']);
  });

  it('splits changes far apart into hunks, each starting with its line numbers', () => {
    const before = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const after = [...before];
    after[0] = 'first';
    after[19] = 'last';
    const diff = unifiedDiff(before.join('\n'), after.join('\n'), 1);
    expect(diff).toEqual([
      '@@ -1,2 +1,2 @@',
      '-l0',
      '+first',
      ' l1',
      '@@ -19,2 +19,2 @@',
      ' l18',
      '-l19',
      '+last',
    ]);
  });

  it('counts lines added in the middle on the new side only', () => {
    expect(unifiedDiff('a\nb\nc\nd', 'a\nb\nX\nc\nd', 1)).toEqual(['@@ -2,2 +2,3 @@', ' b', '+X', ' c']);
  });
});
