import { UsageError } from './errors.js';
import { assertExecutionName } from './names.js';

// Execution references: a full ARN, or a name within the selected state machine.

export type ExecutionRef =
  { kind: 'arn'; executionArn: string; stateMachine: string; name: string } | { kind: 'name'; name: string };

/** Checks the reference offline, so a malformed one is a usage error before any request. */
export function parseExecutionRef(ref: string): ExecutionRef {
  if (!ref.startsWith('arn:')) {
    assertExecutionName(ref);
    return { kind: 'name', name: ref };
  }
  // arn:PARTITION:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME
  const parts = ref.split(':');
  if (parts.length !== 8 || parts[2] !== 'states' || parts[5] !== 'execution') {
    throw new UsageError(`"${ref}" is not an execution ARN`, {
      hint: 'pass arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME, or just the execution name',
    });
  }
  return { kind: 'arn', executionArn: ref, stateMachine: parts[6], name: parts[7] };
}

/** An execution's ARN: its state machine's, minus any version/alias qualifier, plus the name. */
export function executionArnFor(stateMachineArn: string, name: string): string {
  const parts = stateMachineArn.split(':').slice(0, 7);
  parts[5] = 'execution';
  return [...parts, name].join(':');
}

export const stateMachineNameOf = (stateMachineArn: string): string =>
  stateMachineArn.split(':')[6] ?? stateMachineArn;
