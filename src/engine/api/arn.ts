// Requests' ARNs and names checked as the Step Functions API checks them, with its error names.
// The formats and rules themselves are AWS's, in src/aws.
import { inScope, parseStatesArn, type ArnScope, type StatesArn } from '../../aws/arn.js';
import { NAME_MAX_LENGTH, NAME_MIN_LENGTH, nameProblem } from '../../aws/names.js';
import { ApiError, validation } from './errors.js';

export { executionArn, stateMachineArn, stateMachineVersionArn } from '../../aws/arn.js';

/** The region and account the engine serves. */
export type Account = Required<Pick<ArnScope, 'region' | 'accountId'>>;

const invalidArn = (detail: string) => new ApiError('InvalidArn', `Invalid Arn: '${detail}'`);

/**
 * Splits a Step Functions ARN of the expected kind, throwing InvalidArn as AWS does for anything
 * malformed, of another kind, or in another region or account than the engine's.
 */
export function requireStatesArn<K extends 'stateMachine' | 'execution'>(
  arn: unknown,
  expected: K,
  account: Account,
): Extract<StatesArn, { kind: K }> {
  if (typeof arn !== 'string' || !arn.startsWith('arn:'))
    throw invalidArn(`Invalid ARN prefix: ${String(arn)}`);
  const parsed = parseStatesArn(arn);
  if (parsed?.kind !== expected) throw invalidArn(`Resource type not valid in this context: ${arn}`);
  if (!inScope(parsed, { partition: 'aws', ...account })) {
    throw invalidArn(`${arn} is not in region ${account.region} of account ${account.accountId}`);
  }
  return parsed as Extract<StatesArn, { kind: K }>;
}

/**
 * A state machine or execution name as AWS checks it: its length is a model constraint
 * (ValidationException), a forbidden character (lone surrogates included) is InvalidName.
 */
export function assertValidName(name: unknown, field = 'name'): asserts name is string {
  if (typeof name !== 'string') {
    throw validation(
      `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  const problem = nameProblem(name);
  if (problem?.kind === 'length') {
    const bound =
      problem.limit === NAME_MIN_LENGTH
        ? `greater than or equal to ${NAME_MIN_LENGTH}`
        : `less than or equal to ${NAME_MAX_LENGTH}`;
    throw validation(
      `1 validation error detected: Value '${name}' at '${field}' failed to satisfy constraint: Member must have length ${bound}`,
    );
  }
  if (problem?.kind === 'character') {
    throw new ApiError('InvalidName', `Invalid Name: '${name}'`);
  }
}

/** A state machine ARN's name and qualifier (a version number or an alias name, as written). */
export function splitStateMachineArn(
  arn: unknown,
  account: Account,
): { machine: string; qualifier?: string } {
  const parsed = requireStatesArn(arn, 'stateMachine', account);
  return { machine: parsed.stateMachine, qualifier: parsed.version?.toString() ?? parsed.alias };
}
