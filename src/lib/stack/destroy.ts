import { NotFoundError } from '../errors.js';
import { pollUntil } from '../wait.js';
import { REGION_TAG, STACK_TAG, stackNames } from './names.js';
import type { StackServices } from './planner.js';
import type { ResourceKind } from './plan.js';

// `taskctl destroy`: finds what deploy made by its tag (taskctl:stack=NAME, and for roles, which are
// account-wide, taskctl:region too) and deletes it in the reverse of deploy's order.

export interface StackResource {
  kind: ResourceKind;
  name: string;
  arn: string;
  action: 'delete' | 'deleted';
}

const ORDER: ResourceKind[] = [
  'state-machine-alias',
  'state-machine',
  'log-group',
  'lambda-function',
  'iam-role',
];

const tagged = (tags: Record<string, string>, stack: string) => tags[STACK_TAG] === stack;

/** Everything tagged as the stack's, in the order it is deleted. Reads only. */
export async function findStack(
  services: StackServices,
  stack: string,
  region: string,
): Promise<StackResource[]> {
  const found: StackResource[] = [];
  const add = (kind: ResourceKind, name: string, arn: string) =>
    found.push({ kind, name, arn, action: 'delete' });

  const machines = await services.sfn.listStateMachines();
  for (const machine of machines) {
    if (!tagged(await services.sfn.listTags(machine.stateMachineArn!), stack)) continue;
    for (const alias of await services.sfn.listAliases(machine.stateMachineArn!))
      add('state-machine-alias', alias.name, alias.arn);
    add('state-machine', machine.name!, machine.stateMachineArn!);
  }
  for (const group of await services.logs.describeLogGroups()) {
    if (tagged(await services.logs.listTags(group.arn), stack))
      add('log-group', group.logGroupName, group.arn);
  }
  for (const fn of await services.lambda.listFunctions()) {
    if (tagged(await services.lambda.listTags(fn.FunctionArn!), stack))
      add('lambda-function', fn.FunctionName!, fn.FunctionArn!);
  }
  // Only roles named as deploy names them are candidates (an account may hold thousands); the tag decides.
  const names = stackNames(stack, region);
  for (const role of await services.iam.listRoles()) {
    if (role.RoleName !== names.lambdaRole && role.RoleName !== names.statesRole) continue;
    const tags = await services.iam.listRoleTags(role.RoleName);
    if (tagged(tags, stack) && tags[REGION_TAG] === region) add('iam-role', role.RoleName, role.Arn!);
  }
  return found.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

/** Deletes each resource in order, waiting until the state machine is gone before what it used. */
export async function deleteStack(
  services: StackServices,
  resources: StackResource[],
  options: { signal?: AbortSignal; onDeleted?: (resource: StackResource) => void } = {},
): Promise<StackResource[]> {
  for (const resource of resources) {
    switch (resource.kind) {
      case 'state-machine-alias':
        await services.sfn.deleteAlias(resource.arn);
        break;
      case 'state-machine':
        await services.sfn.deleteStateMachine(resource.arn);
        await untilGone(services, resource, options.signal);
        break;
      case 'log-group':
        await services.logs.deleteLogGroup(resource.name);
        break;
      case 'lambda-function':
        await services.lambda.deleteFunction(resource.name);
        break;
      case 'iam-role':
        for (const policy of await services.iam.listRolePolicies(resource.name))
          await services.iam.deleteRolePolicy(resource.name, policy);
        await services.iam.deleteRole(resource.name);
        break;
    }
    resource.action = 'deleted';
    options.onDeleted?.(resource);
  }
  return resources;
}

/** DeleteStateMachine only marks it DELETING; its executions stop first. */
async function untilGone(
  services: StackServices,
  machine: StackResource,
  signal?: AbortSignal,
): Promise<void> {
  await pollUntil(
    async () => {
      try {
        const found = await services.sfn.describeStateMachine(machine.arn, machine.name);
        return found.status === 'DELETING' || found.status === 'ACTIVE' ? undefined : true;
      } catch (error) {
        if (error instanceof NotFoundError && error.serviceError === 'StateMachineDoesNotExist') return true;
        throw error;
      }
    },
    { signal, initialMs: 200, maxMs: 2_000 },
  );
}
