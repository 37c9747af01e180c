import { describe, expect, it } from 'vitest';
import type { PassState } from '../../../src/engine/asl/types.js';
import { enterPass } from '../../../src/engine/states/pass.js';
import { expectNamesState, stepOf, thrownBy } from './harness.js';

// Expectations from the Step Functions developer guide: "Pass workflow state" and
// "Processing input and output" (InputPath → Parameters → ResultSelector → ResultPath → OutputPath).

const pass = (fields: Omit<PassState, 'Type'>): PassState => ({ Type: 'Pass', ...fields });

function enter(state: PassState, input: Parameters<typeof enterPass>[2]) {
  const { env } = stepOf('Shape', state, input);
  return enterPass(state, 'Shape', input, env);
}

describe('Pass state', () => {
  it('places its Result at ResultPath inside the raw input (the guide’s georefOf example)', () => {
    const state = pass({ Result: { x: 0.38, y: 622.22 }, ResultPath: '$.coords', Next: 'After' });
    expect(enter(state, { georefOf: 'Home' })).toEqual({
      kind: 'next',
      next: 'After',
      output: { georefOf: 'Home', coords: { x: 0.38, y: 622.22 } },
    });
  });

  it('without a Result passes its effective input: InputPath, then Parameters with $ and $$', () => {
    const state = pass({
      InputPath: '$.order',
      Parameters: { 'id.$': '$.id', 'state.$': '$$.State.Name', fixed: 'yes' },
      End: true,
    });
    expect(enter(state, { order: { id: 7 }, other: true })).toEqual({
      kind: 'end',
      output: { id: 7, state: 'Shape', fixed: 'yes' },
    });
  });

  it('applies OutputPath last, to the input with the result placed in it', () => {
    const state = pass({ Result: 'done', ResultPath: '$.status', OutputPath: '$.status', End: true });
    expect(enter(state, { a: 1 })).toEqual({ kind: 'end', output: 'done' });
  });

  it('discards the result with ResultPath null and passes the raw input on', () => {
    const state = pass({ Result: { ignored: true }, ResultPath: null, End: true });
    expect(enter(state, { keep: 1 })).toEqual({ kind: 'end', output: { keep: 1 } });
  });

  it('evaluates intrinsic functions in Parameters', () => {
    const state = pass({ Parameters: { 'greeting.$': "States.Format('Hello, {}', $.name)" }, End: true });
    expect(enter(state, { name: 'Ada' })).toEqual({ kind: 'end', output: { greeting: 'Hello, Ada' } });
  });

  describe('fails with the state named in the cause', () => {
    it('when InputPath matches nothing: States.Runtime', () => {
      const e = thrownBy(() => enter(pass({ InputPath: '$.missing', End: true }), { a: 1 }));
      expect(e.error).toBe('States.Runtime');
      expectNamesState(e.cause, 'Shape');
    });

    it('when a Parameters path matches nothing: States.Runtime', () => {
      const e = thrownBy(() => enter(pass({ Parameters: { 'v.$': '$.missing' }, End: true }), { a: 1 }));
      expect(e.error).toBe('States.Runtime');
      expectNamesState(e.cause, 'Shape');
    });

    it('when an intrinsic function in Parameters fails', () => {
      const state = pass({ Parameters: { 'v.$': 'States.StringToJson($.text)' }, End: true });
      const e = thrownBy(() => enter(state, { text: '{not json' }));
      expect(e.error).toBe('States.IntrinsicFailure');
      expectNamesState(e.cause, 'Shape');
    });

    it('when ResultPath cannot be applied to the input: States.ResultPathMatchFailure', () => {
      const e = thrownBy(() => enter(pass({ Result: 1, ResultPath: '$.a.b', End: true }), { a: 'text' }));
      expect(e.error).toBe('States.ResultPathMatchFailure');
      expectNamesState(e.cause, 'Shape');
    });

    it('when OutputPath matches nothing: States.Runtime', () => {
      const e = thrownBy(() => enter(pass({ OutputPath: '$.missing', End: true }), { a: 1 }));
      expect(e.error).toBe('States.Runtime');
      expectNamesState(e.cause, 'Shape');
    });
  });
});
