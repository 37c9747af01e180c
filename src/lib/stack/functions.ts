import type { DeployedFunction, LambdaFunctions } from '../sdk/index.js';
import { UsageError } from '../errors.js';
import type { HandlerPackage } from './code.js';
import { STACK_TAG } from './names.js';
import { actionFor, type Change, type ResourcePlan } from './plan.js';

// One Lambda function per handler: its code (by CodeSha256), its configuration, its tags.

export interface WantedFunction {
  handler: string;
  name: string;
  code: HandlerPackage;
  runtime: string;
  timeout: number;
  memorySize: number;
  tags: Record<string, string>;
}

export const FUNCTION_TIMEOUT_SECONDS = 30;
export const FUNCTION_MEMORY_MB = 128;
export const DEFAULT_RUNTIME = 'nodejs22.x';

/** What differs (pure). `roleArn` undefined: the role is about to be created, so it differs. */
export function functionChanges(
  deployed: DeployedFunction,
  wanted: WantedFunction,
  roleArn: string | undefined,
): Change[] {
  const config = deployed.configuration;
  const changes: Change[] = [];
  if (config.CodeSha256 !== wanted.code.codeSha256) changes.push('code');
  if (
    config.Runtime !== wanted.runtime ||
    config.Handler !== wanted.code.lambdaHandler ||
    config.Timeout !== wanted.timeout ||
    config.MemorySize !== wanted.memorySize
  )
    changes.push('configuration');
  if (roleArn === undefined || config.Role !== roleArn) changes.push('role');
  if (Object.entries(wanted.tags).some(([key, value]) => deployed.tags[key] !== value)) changes.push('tags');
  return changes;
}

/** A function of the same name that another stack or nobody made is not deploy's to change. */
export function assertOwned(kind: string, name: string, tags: Record<string, string>, stack: string): void {
  if (tags[STACK_TAG] === stack) return;
  const owner = tags[STACK_TAG] ? `stack ${tags[STACK_TAG]}` : `no taskctl stack (no ${STACK_TAG} tag)`;
  throw new UsageError(`${kind} ${name} already exists and belongs to ${owner}; nothing was changed`, {
    hint: `deploy under another name with --name, or remove that ${kind} first`,
  });
}

export function planFunction(
  resource: string,
  wanted: WantedFunction,
  deployed: DeployedFunction | undefined,
  roleArn: string | undefined,
): ResourcePlan {
  const changes = deployed ? functionChanges(deployed, wanted, roleArn) : [];
  return {
    resource,
    kind: 'lambda-function',
    name: wanted.name,
    arn: deployed?.configuration.FunctionArn,
    action: actionFor(!!deployed, changes),
    changes,
  };
}

/** Writes what the plan says, then waits until the function is ready to run. */
export async function applyFunction(
  lambda: LambdaFunctions,
  plan: ResourcePlan,
  wanted: WantedFunction,
  roleArn: string,
  retry: <T>(call: () => Promise<T>) => Promise<T>,
): Promise<string> {
  const settings = {
    name: wanted.name,
    runtime: wanted.runtime,
    handler: wanted.code.lambdaHandler,
    role: roleArn,
    timeout: wanted.timeout,
    memorySize: wanted.memorySize,
  };
  if (plan.action === 'create') {
    const created = await retry(() =>
      lambda.createFunction({ ...settings, zip: wanted.code.zip, tags: wanted.tags }),
    );
    await lambda.waitUntilReady(wanted.name, 'create');
    return created.FunctionArn!;
  }
  const arn = plan.arn!;
  if (plan.changes.includes('code')) {
    await lambda.updateCode(wanted.name, wanted.code.zip);
    await lambda.waitUntilReady(wanted.name, 'update');
  }
  if (plan.changes.includes('configuration') || plan.changes.includes('role')) {
    await retry(() => lambda.updateConfiguration(settings));
    await lambda.waitUntilReady(wanted.name, 'update');
  }
  if (plan.changes.includes('tags')) await lambda.tag(arn, wanted.tags);
  return arn;
}
