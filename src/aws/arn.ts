// ARNs as AWS formats them: arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE.
// Formats from "Amazon Resource Names (ARNs)" (AWS General Reference), the Step Functions API
// reference (StartExecution, DescribeStateMachine, CreateStateMachineAlias, CreateActivity), the
// Lambda API reference (Invoke: FunctionName) and the CloudWatch Logs API reference (LogGroup.arn).

/** Where a resource lives. `partition` defaults to `aws`. */
export interface ArnScope {
  partition?: string;
  region: string;
  accountId: string;
}

/** The account and region the local engine plays (design §2). */
export const LOCAL_SCOPE: Readonly<Required<ArnScope>> = {
  partition: 'aws',
  region: 'us-east-1',
  accountId: '123456789012',
};

// aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b…
const PARTITION = 'aws(?:-[a-z]+)*';
// us-east-1, eu-central-2, us-gov-west-1, cn-north-1…
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d+';
const ACCOUNT = '\\d{12}';
// A Step Functions name segment: anything but the ARN separator (names.ts says what a valid name is).
const SEGMENT = '[^:]+';

const partitionOf = (scope: ArnScope) => scope.partition ?? 'aws';
const prefix = (service: string, scope: ArnScope) =>
  `arn:${partitionOf(scope)}:${service}:${scope.region}:${scope.accountId}`;

// ---- Step Functions -------------------------------------------------------------------------

export type StatesArn =
  | (Required<ArnScope> & { kind: 'stateMachine'; stateMachine: string; version?: number; alias?: string })
  | (Required<ArnScope> & { kind: 'execution'; stateMachine: string; execution: string })
  | (Required<ArnScope> & { kind: 'activity'; activity: string });

const STATES_ARN = new RegExp(
  `^arn:(${PARTITION}):states:(${REGION}):(${ACCOUNT}):(stateMachine|execution|activity):(${SEGMENT})(?::(${SEGMENT}))?$`,
);
// A version is a positive number; anything else after the state machine's name is an alias.
const VERSION = /^[1-9]\d*$/;

/** Splits a Step Functions ARN of a state machine (maybe qualified), execution or activity; undefined if malformed. */
export function parseStatesArn(arn: string): StatesArn | undefined {
  const match = STATES_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, region, accountId, kind, name, qualifier] = match;
  const scope = { partition, region, accountId };
  switch (kind) {
    case 'stateMachine':
      if (qualifier === undefined) return { ...scope, kind, stateMachine: name };
      return VERSION.test(qualifier)
        ? { ...scope, kind, stateMachine: name, version: Number(qualifier) }
        : { ...scope, kind, stateMachine: name, alias: qualifier };
    case 'execution':
      return qualifier === undefined
        ? undefined
        : { ...scope, kind, stateMachine: name, execution: qualifier };
    default:
      return qualifier === undefined ? { ...scope, kind: 'activity', activity: name } : undefined;
  }
}

export const stateMachineArn = (scope: ArnScope, name: string): string =>
  `${prefix('states', scope)}:stateMachine:${name}`;

export const executionArn = (scope: ArnScope, stateMachine: string, name: string): string =>
  `${prefix('states', scope)}:execution:${stateMachine}:${name}`;

/**
 * A Distributed Map's Map Run: `…:mapRun:STATE_MACHINE/LABEL:ID`, LABEL being the Map's `Label` or an
 * auto-generated string (API reference, DescribeStateMachineForExecution `label`; recorded ListMapRuns).
 */
export const mapRunArn = (stateMachine: string, label: string, id: string): string =>
  `${stateMachine.replace(':stateMachine:', ':mapRun:')}/${label}:${id}`;

export const activityArn = (scope: ArnScope, name: string): string =>
  `${prefix('states', scope)}:activity:${name}`;

/** `…:stateMachine:NAME:3`: a version is its state machine's ARN and the version number. */
export const stateMachineVersionArn = (stateMachine: string, version: number): string =>
  `${stateMachine}:${version}`;

/** `…:stateMachine:NAME:PROD`: an alias is its state machine's ARN and the alias name. */
export const stateMachineAliasArn = (stateMachine: string, alias: string): string =>
  `${stateMachine}:${alias}`;

/** The ARN with the parts a StatesArn holds; the inverse of parseStatesArn. */
export function formatStatesArn(arn: StatesArn): string {
  switch (arn.kind) {
    case 'stateMachine': {
      const base = stateMachineArn(arn, arn.stateMachine);
      if (arn.version !== undefined) return stateMachineVersionArn(base, arn.version);
      return arn.alias !== undefined ? stateMachineAliasArn(base, arn.alias) : base;
    }
    case 'execution':
      return executionArn(arn, arn.stateMachine, arn.execution);
    case 'activity':
      return activityArn(arn, arn.activity);
  }
}

/**
 * An execution's ARN from its state machine's (maybe a version or alias ARN: executions are
 * named under the unqualified state machine) and its name; undefined if not a state machine ARN.
 */
export function executionArnFor(stateMachine: string, name: string): string | undefined {
  const parsed = parseStatesArn(stateMachine);
  return parsed?.kind === 'stateMachine' ? executionArn(parsed, parsed.stateMachine, name) : undefined;
}

/** The state machine an ARN names: its own, or the one an execution ARN belongs to; undefined otherwise. */
export function stateMachineNameOf(arn: string): string | undefined {
  const parsed = parseStatesArn(arn);
  return parsed && parsed.kind !== 'activity' ? parsed.stateMachine : undefined;
}

/** The execution name in an execution ARN; undefined for anything else. */
export function executionNameOf(arn: string): string | undefined {
  const parsed = parseStatesArn(arn);
  return parsed?.kind === 'execution' ? parsed.execution : undefined;
}

/** Whether the ARN is in this scope's partition, region and account. */
export const inScope = (arn: Required<ArnScope>, scope: ArnScope): boolean =>
  arn.partition === partitionOf(scope) && arn.region === scope.region && arn.accountId === scope.accountId;

/** Task resources that are service integrations: `arn:aws:states:::lambda:invoke` and the like. */
const INTEGRATION_ARN = new RegExp(`^arn:(${PARTITION}):states:::([a-z0-9-]+):([A-Za-z0-9.]+)$`);

/** `arn:aws:states:::lambda:invoke` → {service: 'lambda', action: 'invoke'}; undefined otherwise. */
export function parseIntegrationArn(
  arn: string,
): { partition: string; service: string; action: string } | undefined {
  const match = INTEGRATION_ARN.exec(arn);
  return match ? { partition: match[1], service: match[2], action: match[3] } : undefined;
}

/** `arn:aws:states:::lambda:invoke`, the Lambda Invoke integration. */
export function isLambdaInvokeArn(arn: string): boolean {
  const integration = parseIntegrationArn(arn);
  return integration?.service === 'lambda' && integration.action === 'invoke';
}

/** The suffix of an integration's action that selects the callback pattern ("Wait for a Callback with Task Token"). */
export const CALLBACK_SUFFIX = '.waitForTaskToken';

/**
 * How a Task calls Lambda Invoke (Developer Guide, "Discover service integration patterns"):
 * `arn:aws:states:::lambda:invoke` (request-response) or `…:lambda:invoke.waitForTaskToken`
 * (callback: the state waits for SendTaskSuccess/Failure with its task token); undefined otherwise.
 */
export function lambdaInvokePattern(arn: string): 'requestResponse' | 'callback' | undefined {
  const integration = parseIntegrationArn(arn);
  if (integration?.service !== 'lambda') return undefined;
  if (integration.action === 'invoke') return 'requestResponse';
  if (integration.action === `invoke${CALLBACK_SUFFIX}`) return 'callback';
  return undefined;
}

// ---- Lambda ---------------------------------------------------------------------------------

/** Lambda function names: letters, digits, hyphens and underscores, 1–64 characters. */
export const LAMBDA_FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export interface LambdaFunctionArn extends Required<ArnScope> {
  functionName: string;
  /** A version number, `$LATEST` or an alias. */
  qualifier?: string;
}

const LAMBDA_FUNCTION_ARN = new RegExp(
  `^arn:(${PARTITION}):lambda:(${REGION}):(${ACCOUNT}):function:([A-Za-z0-9_-]{1,64})(?::(\\$LATEST|[A-Za-z0-9_-]{1,128}))?$`,
);

export function parseLambdaFunctionArn(arn: string): LambdaFunctionArn | undefined {
  const match = LAMBDA_FUNCTION_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, region, accountId, functionName, qualifier] = match;
  return { partition, region, accountId, functionName, ...(qualifier !== undefined ? { qualifier } : {}) };
}

export const lambdaFunctionArn = (scope: ArnScope, name: string, qualifier?: string): string =>
  `${prefix('lambda', scope)}:function:${name}${qualifier !== undefined ? `:${qualifier}` : ''}`;

/**
 * The function a Lambda FunctionName parameter names: a name (`my-function`, `my-function:v1`),
 * a partial ARN (`123456789012:function:my-function`) or a full ARN; undefined if none of those.
 */
export function lambdaFunctionNameOf(nameOrArn: string): string | undefined {
  if (nameOrArn.startsWith('arn:')) return parseLambdaFunctionArn(nameOrArn)?.functionName;
  const partial = new RegExp(`^${ACCOUNT}:function:(.+)$`).exec(nameOrArn);
  const [name, qualifier, extra] = (partial ? partial[1] : nameOrArn).split(':');
  const validQualifier = qualifier === undefined || /^(\$LATEST|[A-Za-z0-9_-]{1,128})$/.test(qualifier);
  return extra === undefined && validQualifier && LAMBDA_FUNCTION_NAME.test(name) ? name : undefined;
}

/** The qualifier (version, alias or `$LATEST`) a FunctionName parameter names, if any. */
export function lambdaFunctionQualifierOf(nameOrArn: string): string | undefined {
  if (lambdaFunctionNameOf(nameOrArn) === undefined) return undefined;
  if (nameOrArn.startsWith('arn:')) return parseLambdaFunctionArn(nameOrArn)?.qualifier;
  const partial = new RegExp(`^${ACCOUNT}:function:(.+)$`).exec(nameOrArn);
  return (partial ? partial[1] : nameOrArn).split(':')[1];
}

// ---- CloudWatch Logs ------------------------------------------------------------------------

/** Log group names: 1–512 of letters, digits and `. - _ / #` (the API's pattern, as it quotes it). */
export const LOG_GROUP_NAME_PATTERN = '[\\.\\-_/#A-Za-z0-9]+';
export const LOG_GROUP_NAME_MAX_LENGTH = 512;
export const isLogGroupName = (name: string): boolean =>
  name.length <= LOG_GROUP_NAME_MAX_LENGTH && new RegExp(`^${LOG_GROUP_NAME_PATTERN}$`).test(name);

const LOG_GROUP_ARN = new RegExp(
  `^arn:(${PARTITION}):logs:(${REGION}):(${ACCOUNT}):log-group:(${LOG_GROUP_NAME_PATTERN})(:\\*)?$`,
);

export interface LogGroupArn extends Required<ArnScope> {
  logGroupName: string;
  /** Whether the ARN ends in `:*`, the form Step Functions logging configurations require. */
  wildcard: boolean;
}

export function parseLogGroupArn(arn: string): LogGroupArn | undefined {
  const match = LOG_GROUP_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, region, accountId, logGroupName, star] = match;
  if (logGroupName.length > LOG_GROUP_NAME_MAX_LENGTH) return undefined;
  return { partition, region, accountId, logGroupName, wildcard: star !== undefined };
}

/** `arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*` (with `wildcard`, as logging configurations take it). */
export const logGroupArn = (scope: ArnScope, name: string, options: { wildcard?: boolean } = {}): string =>
  `${prefix('logs', scope)}:log-group:${name}${options.wildcard ? ':*' : ''}`;

/** Where Lambda writes a function's logs. */
export const lambdaLogGroupName = (functionName: string): string => `/aws/lambda/${functionName}`;

export const isLambdaLogGroup = (logGroupName: string): boolean => logGroupName.startsWith('/aws/lambda/');

// ---- IAM --------------------------------------------------------------------------------------

/** `arn:aws:iam::ACCOUNT:role/PATH/NAME`: IAM is global, so the region is empty. */
const ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::${ACCOUNT}:role/[\\w+=,.@/-]{1,512}$`);

export const isRoleArn = (arn: string): boolean => ROLE_ARN.test(arn);

export const roleArn = (scope: Pick<ArnScope, 'partition' | 'accountId'>, name: string): string =>
  `arn:${scope.partition ?? 'aws'}:iam::${scope.accountId}:role/${name}`;
