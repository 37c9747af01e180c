import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/lib/errors.js';
import { parseSince } from '../../src/lib/since.js';

const now = new Date('2024-05-10T12:00:00.000Z');

describe('parseSince', () => {
  it.each([
    ['15m', '2024-05-10T11:45:00.000Z'],
    ['2h', '2024-05-10T10:00:00.000Z'],
    ['7d', '2024-05-03T12:00:00.000Z'],
    ['30s', '2024-05-10T11:59:30.000Z'],
    ['1w', '2024-05-03T12:00:00.000Z'],
    ['0m', '2024-05-10T12:00:00.000Z'],
    ['2H', '2024-05-10T10:00:00.000Z'],
    // Read by ms, which also takes fractions and unit words.
    ['1.5h', '2024-05-10T10:30:00.000Z'],
    ['2 days', '2024-05-08T12:00:00.000Z'],
    ['2024-05-01', '2024-05-01T00:00:00.000Z'],
    ['2024-05-01T08:30:00Z', '2024-05-01T08:30:00.000Z'],
    ['2024-05-01T08:30:00+02:00', '2024-05-01T06:30:00.000Z'],
  ])('%s → %s', (value, expected) => {
    expect(parseSince(value, now).toISOString()).toBe(expected);
  });

  it.each(['yesterday', '15', 'm15', '2024-13-45', '-5m', '1h30m', '2h!', ''])(
    'rejects %j as a usage error',
    (value) => {
      expect(() => parseSince(value, now)).toThrow(UsageError);
      expect(() => parseSince(value, now)).toThrow(/--since: ".*" is neither a duration nor a date/);
    },
  );
});
