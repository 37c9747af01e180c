import type { Target } from '../target.js';
import type { StepFunctions } from './clients.js';
import type { ConnectOptions } from './options.js';

// Entry point to the SDK wrapper. Loads nothing from @aws-sdk until connect() is called, so
// commands that never talk to the service (and --help/--version) start at bare-node speed.
// The wrapper only sends requests: whether the target must be started first is decided before
// (src/lib/ensure-target.ts).

export type { StepFunctions, ExecutionDescription, Diagnostic } from './clients.js';
export type { CloudWatchLogs, FilteredLogEvent } from './logs.js';
export type { ConnectOptions } from './options.js';
export type { LambdaFunctions, DeployedFunction, FunctionSettings } from './lambda.js';
export type { IamRoles, DeployedRole } from './iam.js';

export async function connect(target: Target, options: ConnectOptions = {}): Promise<StepFunctions> {
  const { createStepFunctions } = await import('./clients.js');
  return createStepFunctions(target, options);
}

/** The CloudWatch Logs wrapper for the same target (`taskctl logs`, `watch --logs`); lazy too. */
export async function connectLogs(target: Target, options: ConnectOptions = {}) {
  const { createCloudWatchLogs } = await import('./logs.js');
  return createCloudWatchLogs(target, options);
}

/** The Lambda, IAM and Logs wrappers `deploy` and `destroy` use, for the same target; lazy too. */
export async function connectStack(target: Target, options: ConnectOptions = {}) {
  const [{ createLambdaFunctions }, { createIamRoles }, { createCloudWatchLogs }] = await Promise.all([
    import('./lambda.js'),
    import('./iam.js'),
    import('./logs.js'),
  ]);
  return {
    lambda: createLambdaFunctions(target, options),
    iam: createIamRoles(target, options),
    logs: createCloudWatchLogs(target, options),
  };
}
