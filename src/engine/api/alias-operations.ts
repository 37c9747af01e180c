// State machine aliases: Create/Describe/Update/List/DeleteStateMachineAlias, and the execution
// operations they change: StartExecution on an alias ARN runs the version the alias routes to,
// and DescribeExecution reports the alias and version an execution started through.
import { API_ERROR_STATUS, ApiErrors } from '../../aws/errors.js';
import { MAX_ALIASES_PER_STATE_MACHINE } from '../../aws/limits.js';
import { assertValidName, splitStateMachineArn, stateMachineArn } from './arn.js';
import {
  StateMachineAliasStore,
  type AliasRecord,
  type ExecutionTarget,
  type RoutingEntry,
} from '../store/state-machine-aliases.js';
import type { SfnContext } from './context.js';
import { startExecutionWrite } from './execution-operations.js';
import { ApiError, validation } from './errors.js';
import type { Operation, OperationTable } from './operation.js';
import { decodeToken, encodeToken, pageSize, seconds } from './pagination.js';

const notFound = (arn: unknown) => new ApiError('ResourceNotFound', `Resource not found: '${String(arn)}'`);

/** An alias name: a state machine resource name that is not all digits (those are version numbers). */
function assertAliasName(name: unknown): asserts name is string {
  assertValidName(name, 'alias');
  if (/^\d+$/.test(name))
    throw new ApiError('InvalidName', `Invalid Name: '${name}' (an alias name cannot be numeric)`);
}

function assertDescription(description: unknown): string | null {
  if (description === undefined || description === null) return null;
  // A lone UTF-16 surrogate (what /\p{Cs}/u matches) cannot be stored and read back intact.
  if (typeof description !== 'string' || description.length > 256 || /\p{Cs}/u.test(description)) {
    throw validation(
      "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must be well-formed Unicode with length less than or equal to 256",
    );
  }
  return description;
}

/** Synchronous result of a wrapped operation: the Step Functions operations are all synchronous. */
function callSync(operation: Operation, request: unknown): Record<string, unknown> {
  const result = operation(request);
  if (result instanceof Promise) throw new Error('alias-operations wraps synchronous operations only');
  return result as Record<string, unknown>;
}

/**
 * The alias operations, plus StartExecution, DescribeExecution and DeleteStateMachine from `base`
 * wrapped to know about aliases and versions (StartExecution of an alias from the same checks and
 * write as the base's).
 */
export function withAliases(ctx: SfnContext, base: OperationTable): OperationTable {
  const aliases = new StateMachineAliasStore(ctx.db);

  /** Parses and checks a routing configuration: 1–2 distinct versions of `machineArn`, weights summing to 100. */
  function routing(value: unknown, machineArn: string): RoutingEntry[] {
    if (!Array.isArray(value) || value.length < 1 || value.length > 2) {
      throw validation(
        "1 validation error detected: Value at 'routingConfiguration' failed to satisfy constraint: Member must have length between 1 and 2",
      );
    }
    const entries = value.map((item: unknown): RoutingEntry => {
      const entry = (item ?? {}) as Record<string, unknown>;
      const weight = entry.weight;
      if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0 || weight > 100) {
        throw validation(
          `1 validation error detected: Value '${String(weight)}' at 'routingConfiguration.member.weight' failed to satisfy constraint: Member must have value between 0 and 100`,
        );
      }
      const versionArn = entry.stateMachineVersionArn;
      const { machine, qualifier: version } = splitStateMachineArn(versionArn, ctx.account);
      if (version === undefined || !/^\d+$/.test(version)) {
        throw new ApiError(
          'InvalidArn',
          `Invalid Arn: 'Resource type not valid in this context: ${String(versionArn)}'`,
        );
      }
      if (stateMachineArn(ctx.account, machine) !== machineArn) {
        throw validation(`Routing configuration versions must belong to the state machine ${machineArn}`);
      }
      if (!ctx.machines.getVersion(versionArn as string)) throw notFound(versionArn);
      return { stateMachineVersionArn: versionArn as string, weight };
    });
    if (entries.length === 2 && entries[0].stateMachineVersionArn === entries[1].stateMachineVersionArn) {
      throw validation('Routing configuration must contain distinct state machine versions');
    }
    if (entries.reduce((sum, e) => sum + e.weight, 0) !== 100) {
      throw validation('Sum of routing configuration weights must be equal to 100');
    }
    return entries;
  }

  function requireAlias(arn: unknown): AliasRecord {
    const { qualifier: name } = splitStateMachineArn(arn, ctx.account);
    if (name === undefined || /^\d+$/.test(name)) {
      throw new ApiError(
        'InvalidArn',
        `Invalid Arn: 'Resource type not valid in this context: ${String(arn)}'`,
      );
    }
    const alias = aliases.get(arn as string);
    if (!alias) throw notFound(arn);
    return alias;
  }

  const describe = (a: AliasRecord) => ({
    stateMachineAliasArn: a.arn,
    name: a.name,
    ...(a.description !== null ? { description: a.description } : {}),
    routingConfiguration: a.routingConfiguration,
    creationDate: seconds(a.creationDate),
    updateDate: seconds(a.updateDate),
  });

  /** Which version a start on `arn` runs: an alias picks one by weight; a version ARN is itself. */
  function startTarget(arn: unknown): ExecutionTarget | undefined {
    const { qualifier } = splitStateMachineArn(arn, ctx.account);
    if (qualifier === undefined) return undefined;
    if (/^\d+$/.test(qualifier)) return { aliasArn: null, versionArn: arn as string };
    const alias = requireAlias(arn);
    const [first, second] = alias.routingConfiguration;
    const pick = second && Math.random() * 100 >= first.weight ? second : first;
    return { aliasArn: alias.arn, versionArn: pick.stateMachineVersionArn };
  }

  return {
    ...base,

    CreateStateMachineAlias(request) {
      assertAliasName(request.name);
      const description = assertDescription(request.description);
      const versions = Array.isArray(request.routingConfiguration) ? request.routingConfiguration : [];
      const first = (versions[0] ?? {}) as Record<string, unknown>;
      const { machine } = splitStateMachineArn(first.stateMachineVersionArn, ctx.account);
      const machineArn = stateMachineArn(ctx.account, machine);
      if (!ctx.machines.get(machineArn)) throw notFound(machineArn);
      const routingConfiguration = routing(request.routingConfiguration, machineArn);
      const arn = `${machineArn}:${request.name}`;
      const existing = aliases.get(arn);
      if (existing) {
        // Idempotent for the same description and routing, as on AWS.
        if (
          existing.description === description &&
          JSON.stringify(existing.routingConfiguration) === JSON.stringify(routingConfiguration)
        ) {
          return { stateMachineAliasArn: arn, creationDate: seconds(existing.creationDate) };
        }
        throw new ApiError(
          ApiErrors.ConflictException,
          `Alias ${arn} already exists with a different configuration`,
          API_ERROR_STATUS[ApiErrors.ConflictException],
        );
      }
      if (aliases.count(machineArn) >= MAX_ALIASES_PER_STATE_MACHINE) {
        throw new ApiError(
          ApiErrors.ServiceQuotaExceededException,
          `A state machine can have at most ${MAX_ALIASES_PER_STATE_MACHINE} aliases`,
          API_ERROR_STATUS[ApiErrors.ServiceQuotaExceededException],
        );
      }
      const now = ctx.clock.now();
      aliases.put({
        arn,
        stateMachineArn: machineArn,
        name: request.name,
        description,
        routingConfiguration,
        creationDate: now,
        updateDate: now,
      });
      return { stateMachineAliasArn: arn, creationDate: seconds(now) };
    },

    DescribeStateMachineAlias(request) {
      return describe(requireAlias(request.stateMachineAliasArn));
    },

    UpdateStateMachineAlias(request) {
      const alias = requireAlias(request.stateMachineAliasArn);
      if (request.description === undefined && request.routingConfiguration === undefined) {
        throw validation('Either the description or the routingConfiguration must be specified');
      }
      const updated: AliasRecord = {
        ...alias,
        description:
          request.description === undefined ? alias.description : assertDescription(request.description),
        routingConfiguration:
          request.routingConfiguration === undefined
            ? alias.routingConfiguration
            : routing(request.routingConfiguration, alias.stateMachineArn),
        updateDate: ctx.clock.now(),
      };
      aliases.put(updated);
      return { updateDate: seconds(updated.updateDate) };
    },

    ListStateMachineAliases(request) {
      const { machine, qualifier: name } = splitStateMachineArn(request.stateMachineArn, ctx.account);
      if (name !== undefined) {
        throw new ApiError(
          'InvalidArn',
          `Invalid Arn: 'Resource type not valid in this context: ${String(request.stateMachineArn)}'`,
        );
      }
      const machineArn = stateMachineArn(ctx.account, machine);
      if (!ctx.machines.get(machineArn)) {
        throw new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${machineArn}'`);
      }
      const limit = pageSize(request.maxResults);
      const after = decodeToken<{ name: string }>(request.nextToken, { name: 'string' })?.name;
      const page = aliases.list(machineArn, after, limit + 1);
      const shown = page.slice(0, limit);
      return {
        stateMachineAliases: shown.map((a) => ({
          stateMachineAliasArn: a.arn,
          creationDate: seconds(a.creationDate),
        })),
        ...(page.length > limit ? { nextToken: encodeToken({ name: shown[shown.length - 1].name }) } : {}),
      };
    },

    DeleteStateMachineAlias(request) {
      const alias = requireAlias(request.stateMachineAliasArn);
      aliases.delete(alias.arn);
      return {};
    },

    StartExecution(request: Record<string, unknown>) {
      const target = startTarget(request.stateMachineArn);
      if (!target) return base.StartExecution(request);
      const start = startExecutionWrite(ctx, { ...request, stateMachineArn: target.versionArn });
      return ctx.scheduler.commitWithNextTick(() => {
        const result = start();
        aliases.recordExecution(result.executionArn, target);
        return result;
      });
    },

    DescribeExecution(request) {
      const result = callSync(base.DescribeExecution, request);
      const target = aliases.executionTarget(result.executionArn as string);
      return {
        ...result,
        ...(target ? { stateMachineVersionArn: target.versionArn } : {}),
        ...(target?.aliasArn ? { stateMachineAliasArn: target.aliasArn } : {}),
      };
    },

    DeleteStateMachine(request) {
      const result = callSync(base.DeleteStateMachine, request);
      const { machine } = splitStateMachineArn(request.stateMachineArn, ctx.account);
      aliases.deleteAllOf(stateMachineArn(ctx.account, machine));
      return result;
    },
  };
}
