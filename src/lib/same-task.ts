import { executionArnFor, stateMachineNameOf } from './arn.js';
import { canonicalJson } from './batch/names.js';
import { serviceErrorOf } from './errors.js';

// AWS makes StartExecution idempotent only while the execution runs; taskctl's contract is
// that the same name and the same input always mean the same task. Once the name is taken,
// this tells whether the execution holding it is that task.

export interface ExecutionLookup {
  describeExecution(
    executionArn: string,
    context?: { stateMachine?: string; execution?: string },
  ): Promise<{ input?: string }>;
}

/** The ARN of the execution named `name` if its input is the same JSON as `input`, else undefined. */
export async function findSameTask(
  service: ExecutionLookup,
  stateMachineArn: string,
  name: string,
  input: string,
): Promise<string | undefined> {
  const executionArn = executionArnFor(stateMachineArn, name);
  const found = await service.describeExecution(executionArn, {
    stateMachine: stateMachineNameOf(stateMachineArn),
    execution: name,
  });
  return found.input !== undefined && sameJson(found.input, input) ? executionArn : undefined;
}

function sameJson(a: string, b: string): boolean {
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return false;
  }
}

/** Whether `error` (as the SDK wrapper throws it) is the service's ExecutionAlreadyExists. */
export const isExecutionAlreadyExists = (error: unknown): boolean =>
  serviceErrorOf(error) === 'ExecutionAlreadyExists';
