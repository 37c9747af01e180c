import { describe, expect, it } from 'vitest';
import { errorOutput, findCatcher } from '../../../src/engine/asl/retry.js';

// Catch, the engine's half of error handling (the Retry maths is AWS's: test/aws/retry.test.ts).

describe('findCatcher', () => {
  it('returns the first matching catcher', () => {
    const catchers = [
      { ErrorEquals: ['java.lang.Exception'], ResultPath: '$.error-info', Next: 'RecoveryState' },
      { ErrorEquals: ['States.ALL'], Next: 'EndState' },
    ];
    expect(findCatcher(catchers, 'java.lang.Exception')?.Next).toBe('RecoveryState');
    expect(findCatcher(catchers, 'Other')?.Next).toBe('EndState');
    expect(findCatcher(catchers, 'States.Runtime')).toBeUndefined();
    expect(findCatcher(undefined, 'X')).toBeUndefined();
  });
});

describe('errorOutput', () => {
  it('builds the Error Output object', () => {
    expect(errorOutput('States.TaskFailed', 'boom')).toEqual({ Error: 'States.TaskFailed', Cause: 'boom' });
  });
});
