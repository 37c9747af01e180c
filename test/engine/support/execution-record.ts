import type { Json, StateMachineDefinition } from '../../../src/engine/asl/types.js';
import type { ExecutionRecord } from '../../../src/engine/store/executions.js';

// A just-started execution of `definition` as the store holds it (execution `e` of state machine
// `m`): the record the engine's runtime tests step by hand, without the API that creates one.

export const EXECUTION_ARN = 'arn:aws:states:us-east-1:123456789012:execution:m:e';

export function startedExecution(
  definition: StateMachineDefinition,
  input: Json,
  now: number,
): ExecutionRecord {
  return {
    arn: EXECUTION_ARN,
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m',
    name: 'e',
    status: 'RUNNING',
    input: JSON.stringify(input),
    output: null,
    error: null,
    cause: null,
    startDate: now,
    stopDate: null,
    definition: JSON.stringify(definition),
    roleArn: 'arn:aws:iam::123456789012:role/r',
    revisionId: 'r',
    redriveCount: 0,
    redriveDate: null,
    redriveClientToken: null,
    lastEventId: 1,
    cursor: { at: 'state', state: definition.StartAt, input },
    readyAt: now,
    deadline: null,
  };
}
