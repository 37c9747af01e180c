import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Json, StateMachineDefinition } from '../../../src/engine/asl/types.js';
import { T0 } from './harness.js';
import { detailsOf, runDefinition } from './run-definition.js';

// JSONata states, one state type at a time, through the real interpreter. Expectations come from
// the Developer Guide's "Transforming data with JSONata in Step Functions" (its examples, the
// `$states` variable, the functions Step Functions adds, Output/Assign evaluation order) and from
// an execution AWS recorded (LocalStack's snapshot of choice_condition_jsonata.json5).

const jsonata = (States: StateMachineDefinition['States'], StartAt = Object.keys(States)[0]) => ({
  QueryLanguage: 'JSONata' as const,
  StartAt,
  States,
});

const outputOf = (States: StateMachineDefinition['States'], input: Json = {}) =>
  runDefinition(jsonata(States), input).output;

describe('JSONata states', () => {
  describe('Pass', () => {
    it('evaluates {% %} values in Output and leaves other strings as written (the guide’s example)', () => {
      const output = outputOf(
        {
          Name: { Type: 'Pass', Assign: { customerName: 'María' }, Next: 'Greet' },
          Greet: {
            Type: 'Pass',
            Output: {
              static: 'Hello',
              title: '{% $states.input.title %}',
              name: '{% $customerName %}',
              'not-evaluated': '$customerName',
            },
            End: true,
          },
        },
        { title: 'Doctor' },
      );
      expect(output).toEqual({
        static: 'Hello',
        title: 'Doctor',
        name: 'María',
        'not-evaluated': '$customerName',
      });
    });

    it('evaluates Output and Assign side by side: Output sees the value from before the state', () => {
      const { output, events } = runDefinition(
        jsonata({
          Init: { Type: 'Pass', Assign: { total: 1 }, Next: 'Add' },
          Add: {
            Type: 'Pass',
            Assign: { total: '{% $total + 10 %}' },
            Output: { before: '{% $total %}' },
            Next: 'Show',
          },
          Show: { Type: 'Pass', Output: '{% $total %}', End: true },
        }),
      );
      expect(detailsOf(events, 'PassStateExited')[1]).toMatchObject({
        stateExitedEventDetails: { output: '{"before":1}', assignedVariables: { total: '11' } },
      });
      expect(output).toBe(11);
    });

    it('passes its input on without Output, and exposes $states.context', () => {
      expect(outputOf({ P: { Type: 'Pass', End: true } }, { a: 1 })).toEqual({ a: 1 });
      expect(outputOf({ P: { Type: 'Pass', Output: '{% $states.context.State.Name %}', End: true } })).toBe(
        'P',
      );
    });

    it('fails with States.QueryEvaluationError and an EvaluationFailed event when an expression gives nothing', () => {
      const { record, events } = runDefinition(
        jsonata({ P: { Type: 'Pass', Output: { v: '{% $states.input.missing %}' }, End: true } }),
      );
      expect(record.status).toBe('FAILED');
      expect(record.error).toBe('States.QueryEvaluationError');
      expect(events.map((e) => e.type)).toEqual(['PassStateEntered', 'EvaluationFailed', 'ExecutionFailed']);
      const details = detailsOf(events, 'EvaluationFailed')[0].evaluationFailedEventDetails as Record<
        string,
        string
      >;
      expect(details).toMatchObject({
        error: 'States.QueryEvaluationError',
        location: 'Output/v',
        state: 'P',
      });
      expect(details.cause).toContain("'P'");
      expect(details.cause).toContain('$states.input.missing');
    });

    it('fails with States.QueryEvaluationError on a syntax error', () => {
      const { record } = runDefinition(
        jsonata({ P: { Type: 'Pass', Output: '{% $states.input.( %}', End: true } }),
      );
      expect(record.error).toBe('States.QueryEvaluationError');
    });
  });

  describe('functions Step Functions adds', () => {
    const value = (expression: string) =>
      outputOf({ P: { Type: 'Pass', Output: `{% ${expression} %}`, End: true } });

    it('$partition, $range, $hash, $parse, $uuid and a seeded $random', () => {
      expect(value('$partition([1,2,3,4], 2)')).toEqual([
        [1, 2],
        [3, 4],
      ]);
      expect(value('$range(0, 10, 2)')).toEqual([0, 2, 4, 6, 8, 10]);
      // The FIPS 180-2 test vector for "abc".
      expect(value('$hash("abc", "SHA-256")')).toBe(
        'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      );
      expect(value('$hash("abc", "MD5")')).toBe(createHash('md5').update('abc').digest('hex'));
      expect(value('$parse(\'{"a":[1,2]}\')')).toEqual({ a: [1, 2] });
      expect(value('$uuid()')).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
      expect(value('$random(7)')).toBe(value('$random(7)'));
      const r = value('$random()') as number;
      expect(r).toBeGreaterThanOrEqual(0);
      expect(r).toBeLessThan(1);
    });
  });

  describe('Choice', () => {
    // choice_condition_jsonata.json5, as recorded on AWS for {"condition": true} and {"condition": false}.
    const definition = jsonata({
      ChoiceState: {
        Type: 'Choice',
        Choices: [
          {
            Condition: '{% $states.input.condition %}',
            Next: 'ConditionTrue',
            Assign: { Assignment: 'Condition assignment' },
          },
        ],
        Default: 'DefaultState',
        Assign: { Assignment: 'Default Assignment' },
      },
      ConditionTrue: { Type: 'Pass', End: true },
      DefaultState: { Type: 'Fail', Cause: 'Condition is false' },
    });

    it('takes the rule whose Condition is true, with that rule’s Assign', () => {
      const { record, output, events } = runDefinition(definition, { condition: true });
      expect(record.status).toBe('SUCCEEDED');
      expect(output).toEqual({ condition: true });
      expect(detailsOf(events, 'ChoiceStateExited')[0]).toEqual({
        stateExitedEventDetails: {
          name: 'ChoiceState',
          output: '{"condition":true}',
          outputDetails: { truncated: false },
          assignedVariables: { Assignment: '"Condition assignment"' },
          assignedVariablesDetails: { truncated: false },
        },
      });
    });

    it('takes Default otherwise, with the state’s own Assign', () => {
      const { record, events } = runDefinition(definition, { condition: false });
      expect(record.status).toBe('FAILED');
      expect(record.cause).toBe('Condition is false');
      expect(detailsOf(events, 'ChoiceStateExited')[0]).toMatchObject({
        stateExitedEventDetails: { assignedVariables: { Assignment: '"Default Assignment"' } },
      });
    });

    it('fails with States.QueryEvaluationError when a Condition is not a boolean', () => {
      const { record } = runDefinition(
        jsonata({
          C: { Type: 'Choice', Choices: [{ Condition: '{% "yes" %}', Next: 'S' }], Default: 'S' },
          S: { Type: 'Succeed' },
        }),
      );
      expect(record.error).toBe('States.QueryEvaluationError');
    });
  });

  describe('Wait', () => {
    it('waits the Seconds an expression gives, then leaves (it used to hang)', () => {
      const { record, events } = runDefinition(
        jsonata({ W: { Type: 'Wait', Seconds: '{% $states.input.delay %}', Output: 'done', End: true } }),
        { delay: 5 },
      );
      expect(record.status).toBe('SUCCEEDED');
      expect(record.output).toBe('"done"');
      const [entered, exited] = events;
      expect(exited.timestamp - entered.timestamp).toBe(5000);
    });

    it('waits until a Timestamp expression', () => {
      const due = new Date(T0 + 60_000).toISOString();
      const { record, events } = runDefinition(
        jsonata({ W: { Type: 'Wait', Timestamp: '{% $states.input.at %}', End: true } }),
        { at: due },
      );
      expect(record.status).toBe('SUCCEEDED');
      expect(events[1].timestamp - events[0].timestamp).toBe(60_000);
    });

    it('fails with States.QueryEvaluationError when Seconds is not a non-negative integer', () => {
      const { record } = runDefinition(
        jsonata({ W: { Type: 'Wait', Seconds: '{% $states.input.delay %}', End: true } }),
        { delay: 'soon' },
      );
      expect(record.error).toBe('States.QueryEvaluationError');
    });
  });

  describe('Map and Parallel', () => {
    it('iterates Items with an ItemSelector reading $states.context.Map.Item, then Output from $states.result', () => {
      const output = outputOf(
        {
          Each: {
            Type: 'Map',
            Items: '{% $states.input.colors %}',
            MaxConcurrency: '{% 1 %}',
            ItemSelector: {
              color: '{% $states.context.Map.Item.Value %}',
              at: '{% $states.context.Map.Item.Index %}',
            },
            ItemProcessor: { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } },
            Output: { count: '{% $count($states.result) %}', items: '{% $states.result %}' },
            End: true,
          },
        },
        { colors: ['red', 'blue'] },
      );
      expect(output).toEqual({
        count: 2,
        items: [
          { color: 'red', at: 0 },
          { color: 'blue', at: 1 },
        ],
      });
    });

    it('starts each branch with Arguments, and outputs the branches’ results', () => {
      const output = outputOf(
        {
          Both: {
            Type: 'Parallel',
            Arguments: { n: '{% $states.input.n * 2 %}' },
            Branches: [
              {
                StartAt: 'A',
                States: { A: { Type: 'Pass', Output: '{% $states.input.n + 1 %}', End: true } },
              },
              {
                StartAt: 'B',
                States: { B: { Type: 'Pass', Output: '{% $states.input.n - 1 %}', End: true } },
              },
            ],
            Output: '{% $sum($states.result) %}',
            End: true,
          },
        },
        { n: 5 },
      );
      expect(output).toBe(20);
    });

    it('lets Catch handle a failed Arguments expression, with Output and Assign from $states.errorOutput', () => {
      const { record, output, events } = runDefinition(
        jsonata({
          Both: {
            Type: 'Parallel',
            Arguments: '{% $states.input.nothing %}',
            Branches: [{ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }],
            Catch: [
              {
                ErrorEquals: ['States.QueryEvaluationError'],
                Output: { error: '{% $states.errorOutput.Error %}', input: '{% $states.input %}' },
                Assign: { failed: true },
                Next: 'Done',
              },
            ],
            End: true,
          },
          Done: {
            Type: 'Pass',
            Output: { result: '{% $states.input %}', failed: '{% $failed %}' },
            End: true,
          },
        }),
        { x: 1 },
      );
      expect(record.status).toBe('SUCCEEDED');
      expect(output).toEqual({
        result: { error: 'States.QueryEvaluationError', input: { x: 1 } },
        failed: true,
      });
      expect(events.map((e) => e.type).slice(0, 3)).toEqual([
        'ParallelStateEntered',
        'EvaluationFailed',
        'ParallelStateExited',
      ]);
    });
  });

  describe('Fail and Succeed', () => {
    it('takes Error and Cause from expressions', () => {
      const { record } = runDefinition(
        jsonata({
          F: {
            Type: 'Fail',
            Error: '{% $states.input.code %}',
            Cause: '{% "because " & $states.input.why %}',
          },
        }),
        { code: 'Oops', why: 'reasons' },
      );
      expect(record).toMatchObject({ status: 'FAILED', error: 'Oops', cause: 'because reasons' });
    });

    it('ends with a Succeed state’s Output', () => {
      expect(outputOf({ S: { Type: 'Succeed', Output: { ok: '{% $not(false) %}' } } })).toEqual({ ok: true });
    });
  });

  it('runs a JSONata state inside a JSONPath definition', () => {
    const { output } = runDefinition(
      {
        StartAt: 'Path',
        States: {
          Path: { Type: 'Pass', Parameters: { 'n.$': '$.n' }, Assign: { 'seen.$': '$.n' }, Next: 'Ata' },
          Ata: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $seen + $states.input.n %}', End: true },
        },
      },
      { n: 4 },
    );
    expect(output).toBe(8);
  });
});
