import type { StepFunctions } from '../sdk/index.js';
import type { ResourcePlan } from './plan.js';

// `--alias NAME`: an alias that routes all executions to the version this deploy published.

export interface AliasState {
  arn?: string;
  versionArn?: string;
}

export async function readAlias(
  sfn: StepFunctions,
  stateMachineArn: string | undefined,
  name: string,
): Promise<AliasState> {
  if (!stateMachineArn) return {};
  const found = (await sfn.listAliases(stateMachineArn)).find((alias) => alias.name === name);
  if (!found) return {};
  const routes = await sfn.describeAliasRouting(found.arn);
  return { arn: found.arn, versionArn: routes[0]?.stateMachineVersionArn };
}

/**
 * An existing alias stays where it is when it already routes to `versionArn`, the version of the
 * deployed revision; when the state machine changes, that version is known only once published.
 */
export function planAlias(name: string, state: AliasState, versionArn: string | undefined): ResourcePlan {
  const moves = !!state.arn && (!versionArn || state.versionArn !== versionArn);
  return {
    resource: 'Alias',
    kind: 'state-machine-alias',
    name,
    arn: state.arn,
    action: !state.arn ? 'create' : moves ? 'update' : 'unchanged',
    changes: moves ? ['version'] : [],
  };
}

export async function applyAlias(
  sfn: StepFunctions,
  plan: ResourcePlan,
  state: AliasState,
  versionArn: string | undefined,
): Promise<string | undefined> {
  if (plan.action === 'unchanged' || !versionArn) return state.arn;
  if (plan.action === 'create') return sfn.createAlias({ name: plan.name, versionArn });
  if (versionArn !== state.versionArn) await sfn.updateAlias(state.arn!, versionArn);
  return state.arn;
}
