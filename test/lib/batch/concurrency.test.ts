import { describe, expect, it } from 'vitest';
import { batchConcurrency } from '../../../src/lib/batch/index.js';

describe('batchConcurrency', () => {
  it('is --concurrency when given, else 8 on AWS and 32 on the local engine or another endpoint', () => {
    expect(batchConcurrency({ kind: 'aws' })).toBe(8);
    expect(batchConcurrency({ kind: 'local' })).toBe(32);
    expect(batchConcurrency({ kind: 'endpoint' })).toBe(32);
    expect(batchConcurrency({ kind: 'local' }, 3)).toBe(3);
    expect(batchConcurrency({ kind: 'aws' }, 50)).toBe(50);
  });
});
