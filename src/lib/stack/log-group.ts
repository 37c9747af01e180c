import type { CloudWatchLogs } from '../sdk/index.js';
import { actionFor, type Change, type ResourcePlan } from './plan.js';

// The state machine's log group, /aws/vendedlogs/states/NAME (the prefix AWS recommends for vended
// logs: its resource policy has room for many log groups).

export interface LogGroupState {
  arn?: string;
  tags: Record<string, string>;
}

export async function readLogGroup(logs: CloudWatchLogs, name: string): Promise<LogGroupState> {
  const found = (await logs.describeLogGroups(name)).find((group) => group.logGroupName === name);
  if (!found) return { tags: {} };
  return { arn: found.arn, tags: await logs.listTags(found.arn) };
}

export function planLogGroup(name: string, state: LogGroupState, tags: Record<string, string>): ResourcePlan {
  const changes: Change[] =
    state.arn && Object.entries(tags).some(([key, value]) => state.tags[key] !== value) ? ['tags'] : [];
  return {
    resource: 'LogGroup',
    kind: 'log-group',
    name,
    arn: state.arn,
    action: actionFor(!!state.arn, changes),
    changes,
  };
}

/** Creates or tags the log group; returns its ARN (the `:*` form DescribeLogGroups gives). */
export async function applyLogGroup(
  logs: CloudWatchLogs,
  plan: ResourcePlan,
  tags: Record<string, string>,
): Promise<string> {
  if (plan.action === 'create') {
    await logs.createLogGroup(plan.name, tags);
    const created = await readLogGroup(logs, plan.name);
    return created.arn!;
  }
  if (plan.action === 'update') await logs.tag(plan.arn!, tags);
  return plan.arn!;
}
