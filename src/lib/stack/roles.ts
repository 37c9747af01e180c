import type { DeployedRole, IamRoles } from '../sdk/index.js';
import { actionFor, type Change, type ResourcePlan } from './plan.js';
import { samePolicy, type PolicyDocument } from './policies.js';

// The two roles deploy makes: a trust policy, one inline permission policy, tags.

export interface WantedRole {
  resource: 'LambdaRole' | 'StatesRole';
  name: string;
  description: string;
  trust: PolicyDocument;
  policyName: string;
  policy: PolicyDocument;
  tags: Record<string, string>;
}

export interface RoleState {
  role?: DeployedRole;
  policy?: string;
}

export async function readRole(
  iam: IamRoles,
  wanted: Pick<WantedRole, 'name' | 'policyName'>,
): Promise<RoleState> {
  const role = await iam.getRole(wanted.name);
  if (!role) return {};
  return { role, policy: await iam.getRolePolicy(wanted.name, wanted.policyName) };
}

/** What differs (pure); policies compared as parsed JSON. */
export function roleChanges(
  state: Required<Pick<RoleState, 'role'>> & RoleState,
  wanted: WantedRole,
): Change[] {
  const changes: Change[] = [];
  if (!samePolicy(state.role.trustPolicy, wanted.trust)) changes.push('trust policy');
  if (!samePolicy(state.policy, wanted.policy)) changes.push('permission policy');
  if (Object.entries(wanted.tags).some(([key, value]) => state.role.tags[key] !== value))
    changes.push('tags');
  return changes;
}

export function planRole(wanted: WantedRole, state: RoleState): ResourcePlan {
  const changes = state.role ? roleChanges({ ...state, role: state.role }, wanted) : [];
  return {
    resource: wanted.resource,
    kind: 'iam-role',
    name: wanted.name,
    arn: state.role?.arn,
    action: actionFor(!!state.role, changes),
    changes,
  };
}

/** Creates or updates the role; returns its ARN. */
export async function applyRole(iam: IamRoles, plan: ResourcePlan, wanted: WantedRole): Promise<string> {
  const policy = JSON.stringify(wanted.policy);
  if (plan.action === 'create') {
    const arn = await iam.createRole({
      name: wanted.name,
      trustPolicy: JSON.stringify(wanted.trust),
      description: wanted.description,
      tags: wanted.tags,
    });
    await iam.putRolePolicy(wanted.name, wanted.policyName, policy);
    return arn;
  }
  if (plan.changes.includes('trust policy'))
    await iam.updateTrustPolicy(wanted.name, JSON.stringify(wanted.trust));
  if (plan.changes.includes('permission policy'))
    await iam.putRolePolicy(wanted.name, wanted.policyName, policy);
  if (plan.changes.includes('tags')) await iam.tagRole(wanted.name, wanted.tags);
  return plan.arn!;
}
