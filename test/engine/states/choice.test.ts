import { describe, expect, it } from 'vitest';
import type { ChoiceState, Json } from '../../../src/engine/asl/types.js';
import { enterChoice } from '../../../src/engine/states/choice.js';
import { expectNamesState, stepOf, thrownBy } from './harness.js';

// Expectations from the developer guide's "Choice workflow state" (rules, Default,
// States.NoChoiceMatched) and "Processing input and output" (InputPath/OutputPath only).

const choice = (fields: Omit<ChoiceState, 'Type'>): ChoiceState => ({ Type: 'Choice', ...fields });

const byType = choice({
  Choices: [
    { Variable: '$.type', StringEquals: 'Private', Next: 'Private' },
    {
      And: [
        { Variable: '$.value', NumericGreaterThanEquals: 20 },
        { Variable: '$.value', NumericLessThan: 30 },
      ],
      Next: 'ValueInTwenties',
    },
  ],
  Default: 'Other',
});

function enter(state: ChoiceState, input: Json) {
  const { env, run } = stepOf('Route', state, input);
  return { outcome: enterChoice(state, 'Route', input, env), run };
}

describe('Choice state', () => {
  it('goes to the Next of the first rule that matches, passing its input on', () => {
    expect(enter(byType, { type: 'Private', value: 22 }).outcome).toEqual({
      kind: 'next',
      next: 'Private',
      output: { type: 'Private', value: 22 },
    });
    expect(enter(byType, { type: 'Public', value: 22 }).outcome).toMatchObject({ next: 'ValueInTwenties' });
  });

  it('goes to Default when no rule matches', () => {
    expect(enter(byType, { type: 'Public', value: 5 }).outcome).toMatchObject({
      kind: 'next',
      next: 'Other',
    });
  });

  it('tests the effective input (InputPath) and outputs it through OutputPath', () => {
    const state = choice({
      InputPath: '$.detail',
      OutputPath: '$.value',
      Choices: [{ Variable: '$.value', NumericEquals: 3, Next: 'Three' }],
    });
    expect(enter(state, { detail: { value: 3 } }).outcome).toEqual({
      kind: 'next',
      next: 'Three',
      output: 3,
    });
  });

  it('writes no events of its own (the interpreter records Entered/Exited)', () => {
    expect(enter(byType, { type: 'Private' }).run.events).toEqual([]);
  });

  describe('fails', () => {
    it('with States.NoChoiceMatched when nothing matches and there is no Default', () => {
      const state = choice({ Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'One' }] });
      expect(thrownBy(() => enter(state, { n: 2 })).error).toBe('States.NoChoiceMatched');
    });

    it('with States.Runtime naming the state when a rule’s Variable is missing', () => {
      const state = choice({
        Choices: [{ Variable: '$.absent', NumericEquals: 1, Next: 'One' }],
        Default: 'D',
      });
      const e = thrownBy(() => enter(state, { n: 2 }));
      expect(e.error).toBe('States.Runtime');
      expectNamesState(e.cause, 'Route');
    });

    it('with States.Runtime naming the state when InputPath matches nothing', () => {
      const e = thrownBy(() => enter(choice({ InputPath: '$.nope', Choices: [], Default: 'D' }), {}));
      expect(e.error).toBe('States.Runtime');
      expectNamesState(e.cause, 'Route');
    });

    it('with States.Runtime naming the state when OutputPath matches nothing', () => {
      const e = thrownBy(() => enter(choice({ OutputPath: '$.nope', Choices: [], Default: 'D' }), {}));
      expect(e.error).toBe('States.Runtime');
      expectNamesState(e.cause, 'Route');
    });
  });
});
