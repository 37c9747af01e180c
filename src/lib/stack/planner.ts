import { lambdaFunctionArn, logGroupArn, parseLambdaFunctionArn } from '../../aws/arn.js';
import type { LogLevel } from '../deploy.js';
import { normalizeDefinition, parseDefinition, substitute, type Substitutions } from '../definition.js';
import type {
  CloudWatchLogs,
  DeployedFunction,
  IamRoles,
  LambdaFunctions,
  StepFunctions,
} from '../sdk/index.js';
import { FUNCTION_PLACEHOLDERS } from '../workflow/index.js';
import { planAlias, readAlias, type AliasState } from './alias.js';
import { packageHandler } from './code.js';
import {
  assertOwned,
  FUNCTION_MEMORY_MB,
  FUNCTION_TIMEOUT_SECONDS,
  planFunction,
  type WantedFunction,
} from './functions.js';
import { planLogGroup, readLogGroup, type LogGroupState } from './log-group.js';
import { HANDLER_NAMES, roleTags, stackNames, stackTags, type StackNames } from './names.js';
import type { ResourcePlan } from './plan.js';
import {
  lambdaLoggingPolicy,
  LAMBDA_POLICY_NAME,
  statesPolicy,
  STATES_POLICY_NAME,
  trustPolicy,
} from './policies.js';
import { planRole, readRole, type RoleState, type WantedRole } from './roles.js';
import {
  planStateMachine,
  readCurrentVersion,
  stackLogging,
  writesStateMachine,
  type StateMachineState,
} from './state-machine.js';

// Reads what is deployed and decides, resource by resource, what deploy must create or update.
// Nothing here writes.

export interface StackServices {
  sfn: StepFunctions;
  lambda: LambdaFunctions;
  iam: IamRoles;
  logs: CloudWatchLogs;
}

export interface StackRequest {
  stack: string;
  region: string;
  /** The definition with its ${…} placeholders; the function ARNs are filled in here. */
  definitionTemplate: string;
  source: string;
  subs: Substitutions;
  handlersDir?: string;
  runtime: string;
  logLevel: LogLevel;
  logGroup?: string;
  /** Existing roles to use instead of creating them. */
  roleArn?: string;
  functionRoleArn?: string;
  publish: boolean;
  alias?: string;
  /** The account, when the target tells it without asking (the local engine). */
  knownAccount?: string;
}

/** Shown in ARNs on a dry run before anything exists on AWS, where the account is not known yet. */
export const UNKNOWN_ACCOUNT = 'ACCOUNT';

/**
 * The definition as the service validates it: an ARN with the ACCOUNT placeholder is not valid,
 * so a dry run before the account is known validates with a well-formed stand-in.
 */
export const definitionToValidate = (definition: string): string =>
  definition.replaceAll(`:${UNKNOWN_ACCOUNT}:`, ':000000000000:');

export interface StackPlan {
  names: StackNames;
  account?: string;
  lambdaRole?: { wanted: WantedRole; plan: ResourcePlan };
  statesRole?: { wanted: WantedRole; plan: ResourcePlan };
  functions: { wanted: WantedFunction; plan: ResourcePlan }[];
  logGroup: { plan: ResourcePlan; tags: Record<string, string> };
  stateMachine: StateMachineState;
  alias?: { plan: ResourcePlan; state: AliasState };
  /** Every resource, in the order applied. */
  resources: ResourcePlan[];
}

const accountOfArn = (arn: string | undefined): string | undefined => arn?.split(':')[4] || undefined;

/** The definition with the functions' ARNs (and --sub values) filled in; usage errors for the rest. */
export function fillDefinition(request: StackRequest, functionArns: Record<string, string>): string {
  const arns = Object.fromEntries(
    Object.entries(FUNCTION_PLACEHOLDERS).map(([key, handler]) => [key, functionArns[handler]]),
  );
  return substitute(request.definitionTemplate, { ...arns, ...request.subs });
}

export async function planStack(services: StackServices, request: StackRequest): Promise<StackPlan> {
  const names = stackNames(request.stack, request.region, request.logGroup);
  const { stack, region } = request;

  const [lambdaRoleState, statesRoleState, deployedFunctions, logGroupState] = await Promise.all([
    request.functionRoleArn
      ? Promise.resolve<RoleState>({})
      : readRole(services.iam, { name: names.lambdaRole, policyName: LAMBDA_POLICY_NAME }),
    request.roleArn
      ? Promise.resolve<RoleState>({})
      : readRole(services.iam, { name: names.statesRole, policyName: STATES_POLICY_NAME }),
    Promise.all(HANDLER_NAMES.map((handler) => services.lambda.getFunction(names.functions[handler]))),
    readLogGroup(services.logs, names.logGroup),
  ]);
  for (const [i, deployed] of deployedFunctions.entries()) {
    if (deployed) assertOwned('function', names.functions[HANDLER_NAMES[i]], deployed.tags, stack);
  }
  for (const [state, name] of [
    [lambdaRoleState, names.lambdaRole],
    [statesRoleState, names.statesRole],
  ] as const) {
    if (state.role) assertOwned('role', name, state.role.tags, stack);
  }

  const account =
    request.knownAccount ??
    accountOfArn(request.roleArn) ??
    accountOfArn(request.functionRoleArn) ??
    accountOfArn(lambdaRoleState.role?.arn) ??
    accountOfArn(statesRoleState.role?.arn) ??
    deployedFunctions
      .map((f) => parseLambdaFunctionArn(f?.configuration.FunctionArn ?? '')?.accountId)
      .find(Boolean);
  const scope = { region, accountId: account ?? UNKNOWN_ACCOUNT };
  const functionArns = Object.fromEntries(
    HANDLER_NAMES.map((handler) => [handler, lambdaFunctionArn(scope, names.functions[handler])]),
  );
  const lambdaRoleArn = request.functionRoleArn ?? lambdaRoleState.role?.arn;
  const statesRoleArn =
    request.roleArn ??
    statesRoleState.role?.arn ??
    `arn:aws:iam::${scope.accountId}:role/${names.statesRole}`;

  const lambdaRole = request.functionRoleArn
    ? undefined
    : planned(
        {
          resource: 'LambdaRole' as const,
          name: names.lambdaRole,
          description: `taskctl stack ${stack}: the Lambda functions' execution role`,
          trust: trustPolicy('lambda.amazonaws.com'),
          policyName: LAMBDA_POLICY_NAME,
          policy: lambdaLoggingPolicy(),
          tags: roleTags(stack, region),
        },
        lambdaRoleState,
      );
  const statesRole = request.roleArn
    ? undefined
    : planned(
        {
          resource: 'StatesRole' as const,
          name: names.statesRole,
          description: `taskctl stack ${stack}: the state machine's role`,
          trust: trustPolicy('states.amazonaws.com'),
          policyName: STATES_POLICY_NAME,
          policy: statesPolicy(Object.values(functionArns)),
          tags: roleTags(stack, region),
        },
        statesRoleState,
      );

  const functions = await Promise.all(
    HANDLER_NAMES.map(async (handler, i) => {
      const wanted: WantedFunction = {
        handler,
        name: names.functions[handler],
        code: await packageHandler(handler, request.handlersDir),
        runtime: request.runtime,
        timeout: FUNCTION_TIMEOUT_SECONDS,
        memorySize: FUNCTION_MEMORY_MB,
        tags: stackTags(stack),
      };
      return {
        wanted,
        plan: planFunction(
          handler,
          wanted,
          deployedFunctions[i] as DeployedFunction | undefined,
          lambdaRoleArn,
        ),
      };
    }),
  );

  const logTags = stackTags(stack);
  const logGroup = {
    plan: planLogGroup(names.logGroup, logGroupState as LogGroupState, logTags),
    tags: logTags,
  };
  const groupArn = logGroupState.arn ?? logGroupArn(scope, names.logGroup, { wildcard: true });

  const definition = fillDefinition(request, functionArns);
  normalizeDefinition(parseDefinition(definition, request.source));
  const stateMachine = await planStateMachine(services.sfn, {
    name: stack,
    definition,
    source: request.source,
    roleArn: statesRoleArn,
    logging: stackLogging(groupArn, request.logLevel),
    tags: stackTags(stack),
  });

  if (request.publish || request.alias) {
    const machinePlan = stateMachine.plan;
    if (!writesStateMachine(machinePlan)) {
      stateMachine.currentVersionArn = await readCurrentVersion(services.sfn, stateMachine.deploy);
      if (!stateMachine.currentVersionArn) {
        // Nothing else would publish a version of the deployed revision.
        machinePlan.changes.push('version');
        machinePlan.action = 'update';
      }
    }
  }
  let alias: StackPlan['alias'];
  if (request.alias) {
    const state = await readAlias(services.sfn, stateMachine.deploy.stateMachineArn, request.alias);
    alias = { plan: planAlias(request.alias, state, stateMachine.currentVersionArn), state };
  }

  const resources = [
    lambdaRole?.plan,
    statesRole?.plan,
    ...functions.map((f) => f.plan),
    logGroup.plan,
    stateMachine.plan,
    alias?.plan,
  ].filter((plan): plan is ResourcePlan => plan !== undefined);
  return { names, account, lambdaRole, statesRole, functions, logGroup, stateMachine, alias, resources };
}

function planned(wanted: WantedRole, state: RoleState): { wanted: WantedRole; plan: ResourcePlan } {
  return { wanted, plan: planRole(wanted, state) };
}
