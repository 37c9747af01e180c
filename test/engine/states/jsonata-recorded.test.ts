import { describe, expect, it } from 'vitest';
import type { StateMachineDefinition } from '../../../src/engine/asl/types.js';
import { runDefinition } from './run-definition.js';

// JSONata failures held to histories recorded on AWS: LocalStack's "aws.validated" snapshots
// (tests/aws/services/stepfunctions/v2/assign/test_assign_reference_variables.snapshot.json,
// test_undefined_reference[…], recorded 21-11-2024) of the definitions in
// templates/assign/statemachines/base_undefined_*.json5. Every event after ExecutionStarted is
// compared (type, id, previousEventId, details); only timestamps are left out.

const CAUSE = (state: string, entered: number, field: string) =>
  `An error occurred while executing the state '${state}' (entered at the event id #${entered}). ` +
  `The JSONata expression '$doesNotExist' specified for the field '${field}' returned nothing (undefined).`;

const history = (definition: StateMachineDefinition) =>
  runDefinition(definition).events.map(({ timestamp, ...event }) => {
    void timestamp;
    return event;
  });

const entered = (type: string, name: string, id: number, previousEventId: number) => ({
  id,
  previousEventId,
  type,
  details: { stateEnteredEventDetails: { name, input: '{}', inputDetails: { truncated: false } } },
});

const failure = (state: string, enteredId: number, field: string, id: number, link: number) => [
  {
    id,
    previousEventId: link,
    type: 'EvaluationFailed',
    details: {
      evaluationFailedEventDetails: {
        error: 'States.QueryEvaluationError',
        cause: CAUSE(state, enteredId, field),
        location: field,
        state,
      },
    },
  },
  {
    id: id + 1,
    previousEventId: id,
    type: 'ExecutionFailed',
    details: {
      executionFailedEventDetails: {
        error: 'States.QueryEvaluationError',
        cause: CAUSE(state, enteredId, field),
      },
    },
  },
];

describe('JSONata evaluation failures, as AWS records them', () => {
  it('BASE_UNDEFINED_OUTPUT_MULTIPLE_STATES', () => {
    const exited = (name: string, id: number) => ({
      id,
      previousEventId: id - 1,
      type: 'PassStateExited',
      details: { stateExitedEventDetails: { name, output: '{}', outputDetails: { truncated: false } } },
    });
    expect(
      history({
        QueryLanguage: 'JSONata',
        StartAt: 'State0',
        States: {
          State0: { Type: 'Pass', Next: 'State1' },
          State1: { Type: 'Pass', Next: 'State2' },
          State2: { Type: 'Pass', Output: { result: '{% $doesNotExist %}' }, End: true },
        },
      }),
    ).toEqual([
      entered('PassStateEntered', 'State0', 2, 0),
      exited('State0', 3),
      entered('PassStateEntered', 'State1', 4, 3),
      exited('State1', 5),
      entered('PassStateEntered', 'State2', 6, 5),
      ...failure('State2', 6, 'Output/result', 7, 5),
    ]);
  });

  it('BASE_UNDEFINED_ASSIGN', () => {
    expect(
      history({
        QueryLanguage: 'JSONata',
        StartAt: 'State0',
        States: { State0: { Type: 'Pass', Assign: { result: '{% $doesNotExist %}' }, End: true } },
      }),
    ).toEqual([entered('PassStateEntered', 'State0', 2, 0), ...failure('State0', 2, 'Assign/result', 3, 0)]);
  });

  it('BASE_UNDEFINED_ARGUMENTS_FIELD (a Task fails before it is scheduled)', () => {
    expect(
      history({
        QueryLanguage: 'JSONata',
        StartAt: 'State0',
        States: {
          State0: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Arguments: { FunctionName: '{% $doesNotExist %}' },
            End: true,
          },
        },
      }),
    ).toEqual([
      entered('TaskStateEntered', 'State0', 2, 0),
      ...failure('State0', 2, 'Arguments/FunctionName', 3, 0),
    ]);
  });
});
