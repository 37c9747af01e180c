import { describe, expect, it } from 'vitest';
import type { FailState, Json } from '../../../src/engine/asl/types.js';
import { enterFail } from '../../../src/engine/states/fail.js';
import { expectNamesState, stepOf, thrownBy } from './harness.js';

// The developer guide's "Fail workflow state": Error/Cause, or ErrorPath/CausePath selected
// from the state's input; no InputPath/OutputPath.

const fail = (fields: Omit<FailState, 'Type'> = {}): FailState => ({ Type: 'Fail', ...fields });

function enter(state: FailState, input: Json) {
  const { env, run } = stepOf('Stop', state, input);
  return { outcome: enterFail(state, 'Stop', input, env), run };
}

describe('Fail state', () => {
  it('fails with its Error and Cause', () => {
    const { outcome, run } = enter(fail({ Error: 'ErrorA', Cause: 'Kaiju attack' }), {});
    expect(outcome).toEqual({ kind: 'fail', error: 'ErrorA', cause: 'Kaiju attack' });
    expect(run.events).toEqual([]);
  });

  it('fails with an empty error and cause when it sets neither', () => {
    expect(enter(fail(), {}).outcome).toEqual({ kind: 'fail', error: '', cause: '' });
  });

  it('takes ErrorPath and CausePath from its input', () => {
    const { outcome } = enter(fail({ ErrorPath: '$.error.code', CausePath: '$.where' }), {
      error: { code: 'Timeout' },
      where: 'stage 2',
    });
    expect(outcome).toEqual({ kind: 'fail', error: 'Timeout', cause: 'stage 2' });
  });

  it('fails with States.Runtime naming the state when ErrorPath matches nothing', () => {
    const e = thrownBy(() => enter(fail({ ErrorPath: '$.missing' }), {}));
    expect(e.error).toBe('States.Runtime');
    expectNamesState(e.cause, 'Stop');
  });

  it('fails with States.Runtime naming the state when CausePath matches nothing', () => {
    const e = thrownBy(() => enter(fail({ Error: 'E', CausePath: '$.missing' }), {}));
    expect(e.error).toBe('States.Runtime');
    expectNamesState(e.cause, 'Stop');
  });
});
