import { parseExecutionRef, type ExecutionRef } from '../arn.js';
import { UsageError } from '../errors.js';
import { isTerminalStatus } from '../../aws/statuses.js';
import type { StepFunctions } from '../sdk/index.js';

// What `watch` resolves before following anything: execution references to ARNs (names within
// the selected state machine), each checked to exist, and which are already finished.

export interface WatchTargets {
  executionArns: string[];
  finishedAtStart: Set<string>;
  stateMachineArn?: string;
}

/** The references, checked before connecting: bad usage must not even start the local engine. */
export function parseWatchRefs(refs: readonly string[], all: boolean): ExecutionRef[] {
  if (!all && refs.length === 0) {
    throw new UsageError('name at least one execution, or pass --all', { hint: 'see: taskctl watch --help' });
  }
  return refs.map(parseExecutionRef);
}

export async function resolveWatchTargets(
  sfn: StepFunctions,
  refs: readonly string[],
  options: { all: boolean; stateMachine: string },
): Promise<WatchTargets> {
  const parsed = parseWatchRefs(refs, options.all);
  const executionArns: string[] = [];
  const finishedAtStart = new Set<string>();
  for (const ref of parsed) {
    const { executionArn, stateMachine, name } = await sfn.resolveExecution(ref, options.stateMachine);
    const execution = await sfn.describeExecution(executionArn, { stateMachine, execution: name });
    if (executionArns.includes(executionArn)) continue;
    executionArns.push(executionArn);
    if (isTerminalStatus(execution.status)) finishedAtStart.add(executionArn);
  }
  const stateMachineArn = options.all ? await sfn.resolveStateMachineArn(options.stateMachine) : undefined;
  return { executionArns, finishedAtStart, stateMachineArn };
}
