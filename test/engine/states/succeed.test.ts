import { describe, expect, it } from 'vitest';
import type { Json, SucceedState } from '../../../src/engine/asl/types.js';
import { enterSucceed } from '../../../src/engine/states/succeed.js';
import { expectNamesState, stepOf, thrownBy } from './harness.js';

// The developer guide's "Succeed workflow state": it ends its execution (or branch/iteration)
// successfully; of the I/O fields it has InputPath and OutputPath.

const succeed = (fields: Omit<SucceedState, 'Type'> = {}): SucceedState => ({ Type: 'Succeed', ...fields });

function enter(state: SucceedState, input: Json) {
  const { env } = stepOf('Done', state, input);
  return enterSucceed(state, 'Done', input, env);
}

describe('Succeed state', () => {
  it('ends with its input as output', () => {
    expect(enter(succeed(), { a: 1 })).toEqual({ kind: 'end', output: { a: 1 } });
  });

  it('applies InputPath, then OutputPath', () => {
    expect(enter(succeed({ InputPath: '$.result', OutputPath: '$.id' }), { result: { id: 'x' } })).toEqual({
      kind: 'end',
      output: 'x',
    });
  });

  it('outputs {} when InputPath is null (the input is discarded)', () => {
    expect(enter(succeed({ InputPath: null }), { a: 1 })).toEqual({ kind: 'end', output: {} });
  });

  it('fails with States.Runtime naming the state when InputPath matches nothing', () => {
    const e = thrownBy(() => enter(succeed({ InputPath: '$.missing' }), {}));
    expect(e.error).toBe('States.Runtime');
    expectNamesState(e.cause, 'Done');
  });

  it('fails with States.Runtime naming the state when OutputPath matches nothing', () => {
    const e = thrownBy(() => enter(succeed({ OutputPath: '$.missing' }), {}));
    expect(e.error).toBe('States.Runtime');
    expectNamesState(e.cause, 'Done');
  });
});
