// ARN shapes and name rules for the resources the engine serves.
import { ApiError } from './api/errors.js';

export interface Account {
  region: string;
  accountId: string;
}

export const stateMachineArn = (a: Account, name: string) =>
  `arn:aws:states:${a.region}:${a.accountId}:stateMachine:${name}`;

export const executionArn = (a: Account, stateMachineName: string, name: string) =>
  `arn:aws:states:${a.region}:${a.accountId}:execution:${stateMachineName}:${name}`;

export const stateMachineVersionArn = (stateMachine: string, version: number) => `${stateMachine}:${version}`;

const STATES_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:(stateMachine|execution):([^:]+)(?::([^:]+))?$/;

/** Splits a Step Functions ARN, throwing InvalidArn as AWS does for anything malformed. */
export function parseStatesArn(
  arn: unknown,
  expected: 'stateMachine' | 'execution',
): { machine: string; name?: string } {
  const match = typeof arn === 'string' ? STATES_ARN.exec(arn) : null;
  if (!match || match[1] !== expected || (expected === 'execution' && !match[3])) {
    throw new ApiError(
      'InvalidArn',
      `Invalid Arn: 'Resource type not valid in this context: ${String(arn)}'`,
    );
  }
  return { machine: match[2], name: match[3] };
}

// AWS: 1-80 characters; no whitespace, brackets, wildcards, special characters or control characters.
// eslint-disable-next-line no-control-regex -- control characters are exactly what AWS forbids
const FORBIDDEN_NAME_CHARS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

// A lone surrogate is not a character: stored as UTF-8 it reads back as U+FFFD and never matches again.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

export function assertValidName(name: unknown, what: string): asserts name is string {
  if (
    typeof name !== 'string' ||
    name.length < 1 ||
    name.length > 80 ||
    FORBIDDEN_NAME_CHARS.test(name) ||
    LONE_SURROGATE.test(name)
  ) {
    throw new ApiError('InvalidName', `Invalid Name: '${String(name)}' is not a valid ${what} name`);
  }
}
