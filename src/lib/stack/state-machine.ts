import { applyDeployment, planDeployment, type DeployPlan, type Logging, type LogLevel } from '../deploy.js';
import type { StepFunctions } from '../sdk/index.js';
import { actionFor, type Change, type ResourcePlan } from './plan.js';

// The state machine: definition, role, logging configuration and tags (lib/deploy.ts compares the
// first three), then the alias that points at its published version.

export interface StateMachineState {
  deploy: DeployPlan;
  tags: Record<string, string>;
  plan: ResourcePlan;
}

/** Step Functions' logging configuration for the stack's log group (execution data left out). */
export const stackLogging = (logGroupArn: string, level: LogLevel): Logging => ({
  level,
  includeExecutionData: false,
  destinations: [
    {
      cloudWatchLogsLogGroup: { logGroupArn: logGroupArn.endsWith(':*') ? logGroupArn : `${logGroupArn}:*` },
    },
  ],
});

export async function planStateMachine(
  sfn: StepFunctions,
  wanted: {
    name: string;
    definition: string;
    source: string;
    roleArn: string;
    logging: Logging;
    tags: Record<string, string>;
  },
): Promise<StateMachineState> {
  const deploy = await planDeployment(sfn, { ...wanted, logging: () => wanted.logging });
  const exists = deploy.action !== 'created';
  const tags = exists ? await sfn.listTags(deploy.stateMachineArn!) : {};
  const changes: Change[] = [];
  if (exists) {
    if (deploy.diff.length > 0) changes.push('definition');
    if (deploy.roleArn !== deploy.previousRoleArn) changes.push('role');
    if (deploy.logging) changes.push('logging');
    if (Object.entries(wanted.tags).some(([key, value]) => tags[key] !== value)) changes.push('tags');
  }
  return {
    deploy,
    tags,
    plan: {
      resource: 'StateMachine',
      kind: 'state-machine',
      name: wanted.name,
      arn: deploy.stateMachineArn,
      action: actionFor(exists, changes),
      changes,
    },
  };
}

/** Creates or updates the state machine; returns its ARN and the version published, if any. */
export async function applyStateMachine(
  sfn: StepFunctions,
  state: StateMachineState,
  options: {
    publish: boolean;
    tags: Record<string, string>;
    retry: <T>(call: () => Promise<T>) => Promise<T>;
  },
): Promise<{ stateMachineArn: string; stateMachineVersionArn?: string }> {
  const { deploy, plan } = state;
  const writesMachine = plan.action === 'create' || plan.changes.some((c) => c !== 'tags' && c !== 'version');
  let result: { stateMachineArn: string; stateMachineVersionArn?: string } = {
    stateMachineArn: deploy.stateMachineArn!,
  };
  if (writesMachine) {
    result = await options.retry(() =>
      applyDeployment(sfn, deploy, {
        publish: options.publish,
        tags: plan.action === 'create' ? options.tags : undefined,
      }),
    );
  } else if (plan.changes.includes('version')) {
    // Nothing changed but an alias needs a version to point at: publish the current revision.
    const published = await sfn.updateStateMachine(
      { stateMachineArn: deploy.stateMachineArn!, definition: deploy.definition, publish: true },
      deploy.name,
    );
    result.stateMachineVersionArn = published.stateMachineVersionArn;
  }
  if (plan.action === 'update' && plan.changes.includes('tags'))
    await sfn.tag(result.stateMachineArn, options.tags);
  return result;
}
