// The plan deploy prints and then carries out: one entry per resource, in the order applied.

export type ResourceKind =
  'iam-role' | 'lambda-function' | 'log-group' | 'state-machine' | 'state-machine-alias';
export type PlanAction = 'create' | 'update' | 'unchanged';

/** What may differ between a deployed resource and the wanted one. */
export type Change =
  | 'code'
  | 'configuration'
  | 'role'
  | 'trust policy'
  | 'permission policy'
  | 'definition'
  | 'logging'
  | 'tags'
  | 'version';

export interface ResourcePlan {
  /** The resource's part in the stack: CreateTask, LambdaRole, StatesRole, LogGroup, StateMachine, Alias. */
  resource: string;
  kind: ResourceKind;
  name: string;
  /** Known once the resource exists (or, on a dry run, when the account is known). */
  arn?: string;
  action: PlanAction;
  changes: Change[];
}

/** create when absent, unchanged when nothing differs, else update with what differs. */
export function actionFor(exists: boolean, changes: Change[]): PlanAction {
  if (!exists) return 'create';
  return changes.length === 0 ? 'unchanged' : 'update';
}

/** `create  lambda-function  CreateTask`, `update  iam-role  x (trust policy, tags)`. */
export function formatPlanLine(plan: ResourcePlan, dryRun: boolean): string {
  const verb = dryRun
    ? { create: 'would create', update: 'would update', unchanged: 'unchanged' }[plan.action]
    : { create: 'created', update: 'updated', unchanged: 'unchanged' }[plan.action];
  const changes = plan.action === 'update' ? ` (${plan.changes.join(', ')})` : '';
  return `${verb.padEnd(12)} ${plan.kind.padEnd(19)} ${plan.name}${changes}`;
}
