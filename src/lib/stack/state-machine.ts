import { applyDeployment, planDeployment, type DeployPlan, type Logging, type LogLevel } from '../deploy.js';
import type { StepFunctions } from '../sdk/index.js';
import { actionFor, type Change, type ResourcePlan } from './plan.js';

// The state machine: definition, role, logging configuration and tags (lib/deploy.ts compares the
// first three), then the alias that points at its published version.

export interface StateMachineState {
  deploy: DeployPlan;
  tags: Record<string, string>;
  plan: ResourcePlan;
  /** The version already published from the deployed revision (read only for --publish/--alias). */
  currentVersionArn?: string;
}

/** Whether applying the plan writes the state machine (UpdateStateMachine publishes with it). */
export const writesStateMachine = (plan: ResourcePlan): boolean =>
  plan.action === 'create' || plan.changes.some((c) => c !== 'tags' && c !== 'version');

/**
 * The version published from the deployed revision: the newest version, if it was published from
 * that revision. Deploy publishes only when there is none, so an unchanged stack publishes nothing.
 */
export async function readCurrentVersion(
  sfn: StepFunctions,
  deploy: DeployPlan,
): Promise<string | undefined> {
  if (!deploy.stateMachineArn || !deploy.revisionId) return undefined;
  const newest = await sfn.newestVersion(deploy.stateMachineArn);
  return newest?.revisionId === deploy.revisionId ? newest.arn : undefined;
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
  let result: { stateMachineArn: string; stateMachineVersionArn?: string } = {
    stateMachineArn: deploy.stateMachineArn!,
    ...(state.currentVersionArn ? { stateMachineVersionArn: state.currentVersionArn } : {}),
  };
  if (writesStateMachine(plan)) {
    result = await options.retry(() =>
      applyDeployment(sfn, deploy, {
        publish: options.publish,
        tags: plan.action === 'create' ? options.tags : undefined,
      }),
    );
  } else if (plan.changes.includes('version')) {
    // The deployed revision has no version yet: publish it (with its revisionId, so a change made
    // meanwhile by someone else is refused rather than published unseen).
    result.stateMachineVersionArn = await sfn.publishVersion(deploy.stateMachineArn!, deploy.revisionId);
  }
  if (plan.action === 'update' && plan.changes.includes('tags'))
    await sfn.tag(result.stateMachineArn, options.tags);
  return result;
}
