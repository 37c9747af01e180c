import { isLogGroupName, logGroupArn, parseLogGroupArn, parseStatesArn, roleArn } from '../aws/arn.js';
import { unifiedDiff } from './diff.js';
import { UsageError } from './errors.js';
import { normalizeDefinition, parseDefinition } from './definition.js';
import type { Diagnostic, StepFunctions } from './sdk/index.js';
import { LOCAL_ACCOUNT_ID } from './target.js';
import { isValidationUnavailable, LOCAL_VALIDATION_NOTICE, validateLocally } from './validate-locally.js';

// Create-or-update of a state machine: validate, compare with what is deployed, then write
// only when something changed.

export const LOCAL_ROLE_ARN = roleArn({ accountId: LOCAL_ACCOUNT_ID }, 'taskctl-local');

export type DeployAction = 'created' | 'updated' | 'unchanged';

export const LOG_LEVELS = ['ALL', 'ERROR', 'FATAL', 'OFF'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The state machine's logging configuration, in the shape the Step Functions API takes. */
export interface Logging {
  level: LogLevel;
  includeExecutionData: boolean;
  destinations?: { cloudWatchLogsLogGroup: { logGroupArn: string } }[];
}

/**
 * `--log-group NAME|ARN` → a logging configuration. A bare name needs the account, which is
 * known for the local engine, and on AWS from the state machine's ARN when it already exists.
 */
export function loggingFor(
  logGroup: string,
  level: LogLevel,
  where: { local?: { region: string; accountId: string }; stateMachineArn?: string },
): Logging {
  let arn = logGroup;
  if (!parseLogGroupArn(logGroup)) {
    if (logGroup.startsWith('arn:') || !isLogGroupName(logGroup)) {
      throw new UsageError(`--log-group "${logGroup}" is neither a log group name nor a log group ARN`, {
        hint: 'names have 1-512 letters, digits and . - _ / #; ARNs are arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*',
      });
    }
    const scope = (where.stateMachineArn && parseStatesArn(where.stateMachineArn)) || where.local;
    if (!scope) {
      throw new UsageError(`--log-group needs the log group's ARN to create a state machine on AWS`, {
        hint: 'pass --log-group arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*',
      });
    }
    arn = logGroupArn(scope, logGroup, { wildcard: true });
  }
  // Step Functions takes the log group ARN in its `:*` form.
  if (!parseLogGroupArn(arn)!.wildcard) arn = `${arn}:*`;
  return {
    level,
    includeExecutionData: true,
    destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: arn } }],
  };
}

function sameLogging(a: Logging | undefined, b: Logging | undefined): boolean {
  const level = (l?: Logging) => l?.level ?? 'OFF';
  const group = (l?: Logging) => l?.destinations?.[0]?.cloudWatchLogsLogGroup?.logGroupArn;
  if (level(a) !== level(b)) return false;
  return level(a) === 'OFF' || (a?.includeExecutionData === b?.includeExecutionData && group(a) === group(b));
}

export interface DeployPlan {
  name: string;
  action: DeployAction;
  stateMachineArn?: string;
  roleArn: string;
  previousRoleArn?: string;
  /** The deployed state machine's current revision (what a version is published from). */
  revisionId?: string;
  /** Unified-style diff of the normalized definitions (deployed → new). */
  diff: string[];
  definition: string;
  /** The logging configuration to set, when it changes (undefined: leave it as it is). */
  logging?: Logging;
}

/**
 * Server-side validation, or local validation where the endpoint lacks the operation (then
 * `onLocal` is told so); errors are a usage error carrying the diagnostics.
 */
export async function validateDefinition(
  sfn: StepFunctions,
  definition: string,
  onLocal: (notice: string) => void = () => {},
): Promise<Diagnostic[]> {
  const { ok, diagnostics } = await sfn.validateDefinition(definition).catch((error: unknown) => {
    if (!isValidationUnavailable(error)) throw error;
    onLocal(LOCAL_VALIDATION_NOTICE);
    return validateLocally(definition);
  });
  if (!ok || diagnostics.some((d) => d.severity === 'ERROR')) {
    const errors = diagnostics.filter((d) => d.severity !== 'WARNING');
    throw new UsageError(`the definition has ${errors.length} error${errors.length === 1 ? '' : 's'}`, {
      hint: 'fix them and deploy again',
      details: { diagnostics },
    });
  }
  return diagnostics;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.severity ?? 'ERROR'} ${d.code ?? ''} at ${d.location || '/'}: ${d.message ?? ''}`.replace(
    /\s+/g,
    ' ',
  );
}

export async function planDeployment(
  sfn: StepFunctions,
  request: {
    name: string;
    definition: string;
    source: string;
    roleArn?: string;
    logging?: (stateMachineArn?: string) => Logging;
  },
): Promise<DeployPlan> {
  const desired = normalizeDefinition(parseDefinition(request.definition, request.source));
  const existing = await sfn.findStateMachineByName(request.name);
  if (!existing?.stateMachineArn) {
    const roleArn = request.roleArn ?? (sfn.target.kind === 'aws' ? undefined : LOCAL_ROLE_ARN);
    if (!roleArn) {
      throw new UsageError(`--role-arn is required to create state machine "${request.name}" on AWS`, {
        hint: 'pass --role-arn arn:aws:iam::ACCOUNT:role/NAME, a role that Step Functions can assume',
      });
    }
    return {
      name: request.name,
      action: 'created',
      roleArn,
      diff: unifiedDiff('', desired),
      definition: desired,
      logging: request.logging?.(),
    };
  }
  const current = await sfn.describeStateMachine(existing.stateMachineArn, request.name);
  const deployed = normalizeDefinition(JSON.parse(current.definition ?? '{}'));
  const roleArn = request.roleArn ?? current.roleArn ?? LOCAL_ROLE_ARN;
  const diff = unifiedDiff(deployed, desired);
  const wanted = request.logging?.(existing.stateMachineArn);
  const logging =
    wanted && !sameLogging(wanted, current.loggingConfiguration as Logging) ? wanted : undefined;
  const unchanged = diff.length === 0 && roleArn === current.roleArn && !logging;
  return {
    name: request.name,
    action: unchanged ? 'unchanged' : 'updated',
    stateMachineArn: existing.stateMachineArn,
    roleArn,
    previousRoleArn: current.roleArn,
    revisionId: current.revisionId,
    diff,
    definition: desired,
    logging,
  };
}

export async function applyDeployment(
  sfn: StepFunctions,
  plan: DeployPlan,
  options: { publish: boolean; tags?: Record<string, string> },
): Promise<{ stateMachineArn: string; stateMachineVersionArn?: string }> {
  if (plan.action === 'unchanged') return { stateMachineArn: plan.stateMachineArn! };
  if (plan.action === 'created') {
    const created = await sfn.createStateMachine({
      name: plan.name,
      definition: plan.definition,
      roleArn: plan.roleArn,
      type: 'STANDARD',
      publish: options.publish,
      ...(plan.logging ? { loggingConfiguration: plan.logging } : {}),
      ...(options.tags ? { tags: Object.entries(options.tags).map(([key, value]) => ({ key, value })) } : {}),
    });
    return {
      stateMachineArn: created.stateMachineArn!,
      stateMachineVersionArn: created.stateMachineVersionArn,
    };
  }
  const updated = await sfn.updateStateMachine(
    {
      stateMachineArn: plan.stateMachineArn!,
      definition: plan.definition,
      ...(plan.roleArn !== plan.previousRoleArn ? { roleArn: plan.roleArn } : {}),
      ...(plan.logging ? { loggingConfiguration: plan.logging } : {}),
      publish: options.publish,
    },
    plan.name,
  );
  return { stateMachineArn: plan.stateMachineArn!, stateMachineVersionArn: updated.stateMachineVersionArn };
}
