import {
  executionArnFor as executionArnForMachine,
  parseStatesArn,
  stateMachineNameOf as stateMachineInArn,
} from '../aws/arn.js';
import { UsageError } from './errors.js';
import { assertExecutionName } from './names.js';

// Execution references as the CLI takes them: a full ARN, or a name within the selected state
// machine. The ARN formats are AWS's (src/aws/arn.ts).

export type ExecutionRef =
  { kind: 'arn'; executionArn: string; stateMachine: string; name: string } | { kind: 'name'; name: string };

/** Checks the reference offline, so a malformed one is a usage error before any request. */
export function parseExecutionRef(ref: string): ExecutionRef {
  if (!ref.startsWith('arn:')) {
    assertExecutionName(ref);
    return { kind: 'name', name: ref };
  }
  const arn = parseStatesArn(ref);
  if (arn?.kind !== 'execution') {
    throw new UsageError(`"${ref}" is not an execution ARN`, {
      hint: 'pass arn:aws:states:REGION:ACCOUNT:execution:STATE_MACHINE:NAME, or just the execution name',
    });
  }
  return { kind: 'arn', executionArn: ref, stateMachine: arn.stateMachine, name: arn.execution };
}

/** An execution's ARN: its state machine's, minus any version/alias qualifier, plus the name. */
export function executionArnFor(stateMachineArn: string, name: string): string {
  const arn = executionArnForMachine(stateMachineArn, name);
  if (arn === undefined) {
    throw new UsageError(`"${stateMachineArn}" is not a state machine ARN`, {
      hint: 'pass --state-machine NAME or arn:aws:states:REGION:ACCOUNT:stateMachine:NAME',
    });
  }
  return arn;
}

/** The state machine's name in its ARN (or an execution's), else the text as given. */
export const stateMachineNameOf = (stateMachineArn: string): string =>
  stateMachineInArn(stateMachineArn) ?? stateMachineArn;
