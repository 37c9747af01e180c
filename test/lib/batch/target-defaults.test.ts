import { describe, expect, it } from 'vitest';
import { batchConcurrency, clockSkewFor } from '../../../src/lib/batch/index.js';

describe('batchConcurrency', () => {
  it('is --concurrency when given, else 8 on AWS and 32 on the local engine or another endpoint', () => {
    expect(batchConcurrency({ kind: 'aws' })).toBe(8);
    expect(batchConcurrency({ kind: 'local' })).toBe(32);
    expect(batchConcurrency({ kind: 'endpoint' })).toBe(32);
    expect(batchConcurrency({ kind: 'local' }, 3)).toBe(3);
    expect(batchConcurrency({ kind: 'aws' }, 50)).toBe(50);
  });
});

describe('clockSkewFor', () => {
  it('allows no skew for a service on this machine, and the default for any other', () => {
    expect(clockSkewFor({ kind: 'local', url: 'http://127.0.0.1:8083' })).toBe(0);
    for (const url of [
      'http://127.0.0.1:4566',
      'http://localhost:4566',
      'http://[::1]:4566',
      'http://127.1.2.3',
    ])
      expect(clockSkewFor({ kind: 'endpoint', url })).toBe(0);
    expect(clockSkewFor({ kind: 'endpoint', url: 'http://10.0.0.5:4566' })).toBeUndefined();
    expect(clockSkewFor({ kind: 'endpoint', url: 'https://states.example.com' })).toBeUndefined();
    expect(clockSkewFor({ kind: 'aws' })).toBeUndefined();
  });
});
