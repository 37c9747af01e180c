import { applyAlias } from './alias.js';
import { applyFunction } from './functions.js';
import { applyLogGroup } from './log-group.js';
import { planStack, type StackPlan, type StackRequest, type StackServices } from './planner.js';
import type { ResourcePlan } from './plan.js';
import { retryWhileRolePropagates, type PropagationOptions } from './propagation.js';
import { applyRole } from './roles.js';
import { applyStateMachine } from './state-machine.js';

// Carries a plan out, in order: roles, functions, log group, state machine, alias. Each resource
// is written only when its plan says so, so an unchanged stack makes no write call.

export interface AppliedStack {
  plan: StackPlan;
  stateMachineArn: string;
  stateMachineVersionArn?: string;
  aliasArn?: string;
  roleArn: string;
}

export async function applyStack(
  services: StackServices,
  request: StackRequest,
  first: StackPlan,
  options: PropagationOptions & { onApplied?: (plan: ResourcePlan) => void },
): Promise<AppliedStack> {
  let plan = first;
  const done = (resource: ResourcePlan, arn?: string) => {
    if (arn) resource.arn = arn;
    options.onApplied?.(resource);
  };

  if (plan.lambdaRole)
    done(plan.lambdaRole.plan, await applyRole(services.iam, plan.lambdaRole.plan, plan.lambdaRole.wanted));
  if (!plan.account) {
    // First deploy on AWS: only now does a role's ARN tell the account, which the function
    // ARNs in the policy and the definition need. Plan again, now knowing it.
    const account = (plan.lambdaRole?.plan.arn ?? '').split(':')[4];
    const lambdaRole = plan.lambdaRole;
    plan = await planStack(services, { ...request, knownAccount: account });
    if (lambdaRole) plan.lambdaRole = lambdaRole;
    plan.resources = [lambdaRole?.plan, ...plan.resources.slice(lambdaRole ? 1 : 0)].filter(
      (r): r is ResourcePlan => r !== undefined,
    );
  }
  if (plan.statesRole)
    done(plan.statesRole.plan, await applyRole(services.iam, plan.statesRole.plan, plan.statesRole.wanted));

  const lambdaRoleArn = request.functionRoleArn ?? plan.lambdaRole!.plan.arn!;
  const roleArn = request.roleArn ?? plan.statesRole!.plan.arn!;
  const retry =
    (role: string, action: string) =>
    <T>(call: () => Promise<T>) =>
      retryWhileRolePropagates(call, { role, action }, options);

  for (const fn of plan.functions) {
    const arn = await applyFunction(
      services.lambda,
      fn.plan,
      fn.wanted,
      lambdaRoleArn,
      retry(lambdaRoleArn, `creating function ${fn.wanted.name}`),
    );
    done(fn.plan, arn);
  }
  done(plan.logGroup.plan, await applyLogGroup(services.logs, plan.logGroup.plan, plan.logGroup.tags));

  const machine = await applyStateMachine(services.sfn, plan.stateMachine, {
    publish: request.publish || !!request.alias,
    tags: { ...plan.logGroup.tags },
    retry: retry(roleArn, `deploying state machine ${plan.names.stack}`),
  });
  done(plan.stateMachine.plan, machine.stateMachineArn);

  let aliasArn: string | undefined;
  if (plan.alias) {
    aliasArn = await applyAlias(
      services.sfn,
      plan.alias.plan,
      plan.alias.state,
      machine.stateMachineVersionArn,
    );
    done(plan.alias.plan, aliasArn);
  }
  return { plan, ...machine, aliasArn, roleArn };
}
