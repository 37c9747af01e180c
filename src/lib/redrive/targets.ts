import { REDRIVE_PERIOD_MS } from '../../aws/limits.js';
import { REDRIVABLE_STATUSES, type RedrivableStatus } from '../../aws/statuses.js';
import { executionArnFor, stateMachineNameOf, type ExecutionRef } from '../arn.js';
import type { RedriveTarget } from './run.js';
import { targetFromArn } from './run.js';

// Which executions a `taskctl redrive` run is about: named on the command line or stdin, or
// every stopped execution of the state machine (--failed).

export interface ListedExecution {
  executionArn?: string;
  startDate?: Date;
  stopDate?: Date;
}

export interface TargetService {
  resolveStateMachineArn(nameOrArn: string): Promise<string>;
  executionsWithStatus(stateMachineArn: string, status: RedrivableStatus): AsyncIterable<ListedExecution>;
}

/** ARNs as given; names within `stateMachine`, which is looked up once however many names there are. */
export async function resolveTargets(
  service: TargetService,
  refs: readonly ExecutionRef[],
  stateMachine: string,
): Promise<RedriveTarget[]> {
  const machineArn = refs.some((ref) => ref.kind === 'name')
    ? await service.resolveStateMachineArn(stateMachine)
    : undefined;
  const targets = refs.map((ref) =>
    ref.kind === 'arn'
      ? targetFromArn(ref.executionArn)
      : {
          executionArn: executionArnFor(machineArn!, ref.name),
          name: ref.name,
          stateMachine: stateMachineNameOf(machineArn!),
        },
  );
  const seen = new Set<string>();
  return targets.filter((target) => !seen.has(target.executionArn) && seen.add(target.executionArn));
}

/**
 * `--failed [--since]`: the FAILED, TIMED_OUT and ABORTED executions that stopped since `since`,
 * newest first. Those that stopped more than 14 days ago can never be redriven, so they are
 * left out here rather than described one by one.
 */
export async function failedTargets(
  service: TargetService,
  stateMachine: string,
  options: { since?: Date; now?: Date } = {},
): Promise<RedriveTarget[]> {
  const machineArn = await service.resolveStateMachineArn(stateMachine);
  const now = options.now ?? new Date();
  const cutoff = Math.max(options.since?.getTime() ?? -Infinity, now.getTime() - REDRIVE_PERIOD_MS);
  const found: ListedExecution[] = [];
  for (const status of REDRIVABLE_STATUSES) {
    for await (const execution of service.executionsWithStatus(machineArn, status)) {
      if (execution.executionArn && (execution.stopDate?.getTime() ?? now.getTime()) >= cutoff)
        found.push(execution);
    }
  }
  found.sort((a, b) => (b.startDate?.getTime() ?? 0) - (a.startDate?.getTime() ?? 0));
  return found.map((execution) => targetFromArn(execution.executionArn!));
}
