import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../src/engine/asl/types.js';
import { detailsOf, runDefinition } from './run-definition.js';

// Workflow variables in JSONPath states. The definitions and every expected value come from
// executions recorded on AWS (LocalStack's Step Functions snapshot tests, "aws.validated", in
// tests/aws/services/stepfunctions/v2/assign/ and templates/assign/statemachines/) and from the
// Developer Guide's "Passing data between states with variables" and "Transforming data with
// JSONata" (its JSONPath example of `$customerName`).

interface ExitedDetails {
  name: string;
  assignedVariables?: Record<string, string>;
}

const exited = (events: ReturnType<typeof runDefinition>['events']) =>
  events
    .filter((e) => e.type.endsWith('StateExited'))
    .map((e) => e.details!.stateExitedEventDetails as ExitedDetails);

describe('workflow variables (JSONPath)', () => {
  it('evaluates every Assign expression with the values from before the state (BASE_EVALUATION_ORDER_PASS_STATE)', () => {
    const definition: StateMachineDefinition = {
      StartAt: 'State0',
      States: {
        State0: {
          Type: 'Pass',
          Result: { theQuestion: 'What is the answer to life the universe and everything?' },
          Assign: { 'question.$': '$.theQuestion', answer: 42 },
          Next: 'State1',
        },
        State1: {
          Type: 'Pass',
          InputPath: '$answer',
          ResultPath: '$.theAnswer',
          OutputPath: '$answer',
          Assign: { answer: '<omitted>' },
          End: true,
        },
      },
    };
    const { record, output, events } = runDefinition(definition);
    expect(record.status).toBe('SUCCEEDED');
    expect(output).toBe(42); // OutputPath read the old value: the new one is set on leaving
    expect(exited(events)).toEqual([
      {
        name: 'State0',
        output: '{"theQuestion":"What is the answer to life the universe and everything?"}',
        outputDetails: { truncated: false },
        assignedVariables: {
          question: '"What is the answer to life the universe and everything?"',
          answer: '42',
        },
        assignedVariablesDetails: { truncated: false },
      },
      {
        name: 'State1',
        output: '42',
        outputDetails: { truncated: false },
        assignedVariables: { answer: '"<omitted>"' },
        assignedVariablesDetails: { truncated: false },
      },
    ]);
  });

  it('compares variables in a Choice rule and reassigns them in a loop (BASE_REFERENCE_IN_CHOICE)', () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Setup',
      States: {
        Setup: { Type: 'Pass', Assign: { guess: 'the_guess', answer: 'the_answer' }, Next: 'CheckAnswer' },
        CheckAnswer: {
          Type: 'Choice',
          Choices: [{ Variable: '$guess', StringEqualsPath: '$answer', Next: 'CorrectAnswer' }],
          Default: 'WrongAnswer',
        },
        CorrectAnswer: { Type: 'Pass', Result: { state: 'CORRECT' }, End: true },
        WrongAnswer: {
          Type: 'Pass',
          Assign: { 'guess.$': '$answer' },
          Result: { state: 'WRONG' },
          Next: 'CheckAnswer',
        },
      },
    };
    const { record, output, events } = runDefinition(definition);
    expect(record.status).toBe('SUCCEEDED');
    expect(output).toEqual({ state: 'CORRECT' });
    expect(events.map((e) => e.type)).toEqual([
      'PassStateEntered',
      'PassStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(exited(events)[2]).toMatchObject({
      name: 'WrongAnswer',
      assignedVariables: { guess: '"the_answer"' },
    });
    // A state without Assign records no assignedVariables at all.
    expect(exited(events)[1]).not.toHaveProperty('assignedVariables');
  });

  it('reads outer variables inside a Map iteration, in ItemSelector intrinsics and Parameters (MAP_STATE_REFERENCE_IN_INTRINSIC_FUNCTION)', () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Start',
      States: {
        Start: {
          Type: 'Pass',
          Assign: { AnswerTemplate: "It's {}!", Question: "Who's that Pokemon?" },
          Result: ['Charizard', 'Pikachu', 'Squirtle'],
          Next: 'MapIterateState',
        },
        MapIterateState: {
          Type: 'Map',
          MaxConcurrency: 1,
          ItemSelector: { 'AnnouncePokemon.$': 'States.Format($AnswerTemplate, $$.Map.Item.Value)' },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Pass',
            States: {
              Pass: {
                Type: 'Pass',
                Parameters: { 'Question.$': '$Question', 'Answer.$': '$.AnnouncePokemon' },
                End: true,
              },
            },
          },
          End: true,
        },
      },
    };
    const { record, output } = runDefinition(definition);
    expect(record.status).toBe('SUCCEEDED');
    expect(output).toEqual([
      { Answer: "It's Charizard!", Question: "Who's that Pokemon?" },
      { Answer: "It's Pikachu!", Question: "Who's that Pokemon?" },
      { Answer: "It's Squirtle!", Question: "Who's that Pokemon?" },
    ]);
  });

  it('takes a Map’s ItemsPath from a variable and reads outer variables in each iteration (BASE_SCOPE_MAP)', () => {
    const definition: StateMachineDefinition = {
      StartAt: 'State0',
      States: {
        State0: { Type: 'Pass', Assign: { x: 42, items: [1, 2, 3] }, Next: 'State1' },
        State1: {
          Type: 'Map',
          ItemsPath: '$items',
          MaxConcurrency: 1,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'INLINE' },
            StartAt: 'Inner',
            States: { Inner: { Type: 'Pass', Assign: { 'innerX.$': '$x' }, End: true } },
          },
          Next: 'State2',
        },
        State2: { Type: 'Pass', Assign: { 'final.$': '$x' }, End: true },
      },
    };
    const { record, output, events } = runDefinition(definition, { input_value: 'input_value_literal' });
    expect(record.status).toBe('SUCCEEDED');
    expect(output).toEqual([1, 2, 3]);
    const assigned = exited(events).map((d) => [d.name, d.assignedVariables]);
    expect(assigned).toEqual([
      ['State0', { x: '42', items: '[1,2,3]' }],
      ['Inner', { innerX: '42' }],
      ['Inner', { innerX: '42' }],
      ['Inner', { innerX: '42' }],
      ['State1', undefined],
      ['State2', { final: '42' }],
    ]);
  });

  it('takes a Fail state’s ErrorPath and CausePath from variables (BASE_REFERENCE_IN_FAIL)', () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Pass',
      States: {
        Pass: {
          Type: 'Pass',
          Assign: { errorVar: 'Exception', causeVar: 'An Exception was encountered' },
          Next: 'Fail',
        },
        Fail: { Type: 'Fail', CausePath: '$causeVar', ErrorPath: '$errorVar' },
      },
    };
    const { record } = runDefinition(definition);
    expect(record).toMatchObject({
      status: 'FAILED',
      error: 'Exception',
      cause: 'An Exception was encountered',
    });
  });

  it('resolves `"name.$": "$customerName"` and leaves a plain "$customerName" as written (the guide’s example)', () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Name',
      States: {
        Name: { Type: 'Pass', Assign: { customerName: 'María' }, Next: 'Greet' },
        Greet: {
          Type: 'Pass',
          Parameters: {
            static: 'Hello',
            'title.$': '$.title',
            'name.$': '$customerName',
            'not-evaluated': '$customerName',
          },
          End: true,
        },
      },
    };
    expect(runDefinition(definition, { title: 'Doctor' }).output).toEqual({
      static: 'Hello',
      title: 'Doctor',
      name: 'María',
      'not-evaluated': '$customerName',
    });
  });

  it('finishes the counter loop that used to run to the history limit (Assign + Choice on $counter)', () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { counter: 0 }, Next: 'Check' },
        Check: {
          Type: 'Choice',
          Choices: [{ Variable: '$counter', NumericGreaterThanEquals: 3, Next: 'Done' }],
          Default: 'Increment',
        },
        Increment: { Type: 'Pass', Assign: { 'counter.$': 'States.MathAdd($counter, 1)' }, Next: 'Check' },
        Done: { Type: 'Pass', Parameters: { 'count.$': '$counter' }, End: true },
      },
    };
    const { record, output, events } = runDefinition(definition);
    expect(record.status).toBe('SUCCEEDED');
    expect(output).toEqual({ count: 3 });
    expect(detailsOf(events, 'PassStateExited').map((d) => d.stateExitedEventDetails)).toContainEqual(
      expect.objectContaining({ name: 'Increment', assignedVariables: { counter: '3' } }),
    );
  });

  it('assigns per Choice rule, or the state’s Assign when Default is taken', () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Pick',
      States: {
        Pick: {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'End', Assign: { 'picked.$': '$.n' } }],
          Default: 'End',
          Assign: { picked: 'default' },
        },
        End: { Type: 'Pass', Parameters: { 'picked.$': '$picked' }, End: true },
      },
    };
    expect(runDefinition(definition, { n: 1 }).output).toEqual({ picked: 1 });
    expect(runDefinition(definition, { n: 2 }).output).toEqual({ picked: 'default' });
  });

  it('gives each Map iteration a scope of its own, and refuses assigning an outer variable there', () => {
    const inner = (Assign: Record<string, string>): StateMachineDefinition => ({
      StartAt: 'Outer',
      States: {
        Outer: { Type: 'Pass', Assign: { total: 'outer' }, Next: 'Each' },
        Each: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Inner',
            States: {
              Inner: { Type: 'Pass', Assign, Next: 'Read' },
              Read: { Type: 'Pass', Parameters: { 'mine.$': '$mine', 'total.$': '$total' }, End: true },
            },
          },
          Next: 'After',
        },
        After: { Type: 'Pass', Parameters: { 'total.$': '$total', 'list.$': '$' }, End: true },
      },
    });
    const ok = runDefinition(inner({ 'mine.$': '$' }), [1, 2]);
    expect(ok.output).toEqual({
      total: 'outer',
      list: [
        { mine: 1, total: 'outer' },
        { mine: 2, total: 'outer' },
      ],
    });
    const refused = runDefinition(inner({ 'total.$': '$' }), [1]);
    expect(refused.record.status).toBe('FAILED');
    expect(refused.record.error).toBe('States.Runtime');
    expect(refused.record.cause).toContain("'$total'");
  });

  it('assigns in a Catch from the error output', () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Work',
      States: {
        Work: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'Boom',
            States: { Boom: { Type: 'Fail', Error: 'Broken', Cause: 'it broke' } },
          },
          Catch: [
            { ErrorEquals: ['States.ALL'], Assign: { 'why.$': '$.Cause' }, ResultPath: null, Next: 'Report' },
          ],
          End: true,
        },
        Report: { Type: 'Pass', Parameters: { 'why.$': '$why' }, End: true },
      },
    };
    const { output, events } = runDefinition(definition, [1]);
    expect(output).toEqual({ why: 'it broke' });
    expect(detailsOf(events, 'MapStateExited')[0]).toMatchObject({
      stateExitedEventDetails: { assignedVariables: { why: '"it broke"' } },
    });
  });

  it('fails with States.Runtime when a path names a variable that was never assigned', () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Read',
      States: { Read: { Type: 'Pass', Parameters: { 'v.$': '$missing' }, End: true } },
    };
    const { record } = runDefinition(definition);
    expect(record.status).toBe('FAILED');
    expect(record.error).toBe('States.Runtime');
    expect(record.cause).toContain("'Read'");
    expect(record.cause).toContain('$missing');
  });

  it('refuses a variable over 256 KiB (the guide’s per-variable limit) without touching the output', () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Keep',
      States: { Keep: { Type: 'Pass', Assign: { 'big.$': '$.big' }, OutputPath: '$.small', End: true } },
    };
    const fits = runDefinition(definition, { big: 'x'.repeat(262_000), small: 1 });
    expect(fits.record.status).toBe('SUCCEEDED');
    const tooBig = runDefinition(definition, { big: 'x'.repeat(262_200), small: 1 });
    expect(tooBig.record.status).toBe('FAILED');
    expect(tooBig.record.error).toBe('States.DataLimitExceeded');
    expect(tooBig.record.cause).toContain("'Keep'");
  });

  it('keeps variables out of `$$`', () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Set',
      States: {
        Set: { Type: 'Pass', Assign: { secret: 1 }, Next: 'Read' },
        Read: { Type: 'Pass', Parameters: { 'state.$': '$$.State' }, End: true },
      },
    };
    const { output } = runDefinition(definition);
    expect(JSON.stringify(output)).not.toContain('secret');
  });
});
