import { randomUUID } from 'node:crypto';
import { isRoleArn, parseLogGroupArn } from '../../aws/arn.js';
import { API_ERROR_STATUS, ApiErrors } from '../../aws/errors.js';
import { MAX_VERSIONS_PER_STATE_MACHINE } from '../../aws/limits.js';
import { validateDefinition, type Diagnostic } from '../asl/validate.js';
import {
  assertValidName,
  requireStatesArn,
  splitStateMachineArn,
  stateMachineArn,
  stateMachineVersionArn,
} from './arn.js';
import type {
  LoggingConfiguration,
  StateMachineRecord,
  StateMachineVersionRecord,
} from '../store/state-machines.js';
import type { SfnContext } from './context.js';
import { ApiError, validation } from './errors.js';
import { assertOptionalBoolean, assertOptionalObject, assertOptionalString } from './fields.js';
import type { OperationTable } from './operation.js';
import { decodeToken, encodeToken, pageSize, seconds } from './pagination.js';

const DEFAULT_LOGGING: LoggingConfiguration = { level: 'OFF', includeExecutionData: false };

function assertDefinition(definition: unknown): string {
  if (typeof definition !== 'string')
    throw validation(
      "1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null",
    );
  const errors = validateDefinition(definition);
  if (errors.length > 0) {
    const detail = errors.map((d) => `${d.code}: ${d.message} at ${d.location}`).join(', ');
    throw new ApiError('InvalidDefinition', `Invalid State Machine Definition: '${detail}'`);
  }
  return definition;
}

function assertRoleArn(roleArn: unknown): string {
  if (typeof roleArn !== 'string' || !isRoleArn(roleArn)) {
    throw new ApiError(
      'InvalidArn',
      `Invalid Arn: 'Resource type not valid in this context: ${String(roleArn)}'`,
    );
  }
  return roleArn;
}

function assertLogging(value: unknown): LoggingConfiguration {
  if (value === undefined || value === null) return DEFAULT_LOGGING;
  assertOptionalObject(value, 'loggingConfiguration');
  const logging = value as Partial<LoggingConfiguration>;
  assertOptionalBoolean(logging.includeExecutionData, 'loggingConfiguration.includeExecutionData');
  const level = logging.level ?? 'OFF';
  if (!['ALL', 'ERROR', 'FATAL', 'OFF'].includes(level))
    throw new ApiError('InvalidLoggingConfiguration', `Invalid logging level: ${level}`);
  if (level !== 'OFF' && !logging.destinations?.[0]?.cloudWatchLogsLogGroup?.logGroupArn) {
    throw new ApiError(
      'InvalidLoggingConfiguration',
      'Logging level other than OFF requires a CloudWatch Logs log group destination',
    );
  }
  if (!Array.isArray(logging.destinations ?? []) || (logging.destinations?.length ?? 0) > 1) {
    throw new ApiError('InvalidLoggingConfiguration', 'Logging takes at most one destination');
  }
  const groupArn = logging.destinations?.[0]?.cloudWatchLogsLogGroup?.logGroupArn;
  // Step Functions logs to a log group ARN that ends in ':*'.
  if (
    groupArn !== undefined &&
    (typeof groupArn !== 'string' || parseLogGroupArn(groupArn)?.wildcard !== true)
  ) {
    throw new ApiError(
      'InvalidLoggingConfiguration',
      `Invalid CloudWatch Logs log group ARN: '${String(groupArn)}' (expected arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*)`,
    );
  }
  return {
    level,
    includeExecutionData: logging.includeExecutionData ?? false,
    ...(logging.destinations ? { destinations: logging.destinations } : {}),
  };
}

/**
 * What an ARN runs: the state machine, or for a version ARN (`…:stateMachine:NAME:3`) the state
 * machine with that version's definition, role and revision. Throws as AWS does when either is missing.
 */
export function requireRunnable(ctx: SfnContext, arn: unknown): StateMachineRecord & { versionArn?: string } {
  const { version: number } = requireStatesArn(arn, 'stateMachine', ctx.account);
  const machine = requireStateMachine(ctx, arn);
  if (number === undefined) return machine;
  const version = ctx.machines.getVersion(stateMachineVersionArn(machine.arn, number));
  if (!version)
    throw new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(arn)}'`);
  const { definition, roleArn, revisionId, description, creationDate } = version;
  return { ...machine, definition, roleArn, revisionId, description, creationDate, versionArn: version.arn };
}

/** Looks a state machine up by ARN (a version ARN resolves to its state machine), or throws as AWS does. */
export function requireStateMachine(ctx: SfnContext, arn: unknown): StateMachineRecord {
  const { stateMachine } = requireStatesArn(arn, 'stateMachine', ctx.account);
  const record = ctx.machines.get(stateMachineArn(ctx.account, stateMachine));
  if (!record)
    throw new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(arn)}'`);
  return record;
}

/** publish and versionDescription, which CreateStateMachine and UpdateStateMachine share. */
function assertPublishing(request: { publish?: unknown; versionDescription?: unknown }): void {
  assertOptionalBoolean(request.publish, 'publish');
  assertOptionalString(request.versionDescription, 'versionDescription', 256);
}

/**
 * Publishes the state machine's current revision, or returns the version already published from
 * it: PublishStateMachineVersion (and publish: true) never makes two versions of one revision.
 * Call inside the transaction that wrote the revision.
 */
export function publishRevision(
  ctx: SfnContext,
  machine: StateMachineRecord,
  description: string | null,
): StateMachineVersionRecord {
  const published = ctx.machines.versionOfRevision(machine.arn, machine.revisionId);
  if (published) return published;
  if (ctx.machines.countVersions(machine.arn) >= MAX_VERSIONS_PER_STATE_MACHINE) {
    throw new ApiError(
      ApiErrors.ServiceQuotaExceededException,
      `A state machine can have at most ${MAX_VERSIONS_PER_STATE_MACHINE} versions; delete unused ones with DeleteStateMachineVersion`,
      API_ERROR_STATUS[ApiErrors.ServiceQuotaExceededException],
    );
  }
  return ctx.machines.publishVersion(machine, description, ctx.clock.now());
}

/**
 * The state machine itself, never one of its versions: before this a version ARN (even of a
 * version that does not exist) updated or deleted the whole state machine.
 */
export function requireUnqualified(ctx: SfnContext, arn: unknown, operation: string): StateMachineRecord {
  if (splitStateMachineArn(arn, ctx.account).qualifier !== undefined) {
    throw validation(`${operation} takes a state machine ARN, not a version or alias ARN: '${String(arn)}'`);
  }
  return requireStateMachine(ctx, arn);
}

const describe = (m: StateMachineRecord) => ({
  stateMachineArn: m.arn,
  name: m.name,
  status: 'ACTIVE',
  definition: m.definition,
  roleArn: m.roleArn,
  type: m.type,
  creationDate: seconds(m.creationDate),
  loggingConfiguration: {
    level: m.loggingConfiguration.level,
    includeExecutionData: m.loggingConfiguration.includeExecutionData,
    ...(m.loggingConfiguration.destinations ? { destinations: m.loggingConfiguration.destinations } : {}),
  },
  tracingConfiguration: { enabled: false },
  revisionId: m.revisionId,
  ...(m.description ? { description: m.description } : {}),
});

const diagnosticsOf = (definition: string, maxResults: number) => {
  const all: Diagnostic[] = validateDefinition(definition);
  return { all, shown: all.slice(0, maxResults) };
};

export function stateMachineOperations(ctx: SfnContext): OperationTable {
  return {
    CreateStateMachine(request) {
      assertValidName(request.name);
      assertPublishing(request);
      const definition = assertDefinition(request.definition);
      const roleArn = assertRoleArn(request.roleArn);
      if (request.type !== undefined && request.type !== 'STANDARD') {
        throw validation(`The local engine runs STANDARD state machines only, not ${String(request.type)}`);
      }
      const loggingConfiguration = assertLogging(request.loggingConfiguration);
      ctx.roles.assertAssumable(roleArn, 'states');
      const arn = stateMachineArn(ctx.account, request.name);
      const existing = ctx.machines.get(arn);
      if (existing) {
        // CreateStateMachine is idempotent for an identical request.
        if (existing.definition === definition && existing.roleArn === roleArn) {
          return { stateMachineArn: arn, creationDate: seconds(existing.creationDate) };
        }
        throw new ApiError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
      }
      const now = ctx.clock.now();
      const record: StateMachineRecord = {
        arn,
        name: request.name,
        definition,
        roleArn,
        type: 'STANDARD',
        description: null,
        loggingConfiguration,
        revisionId: randomUUID(),
        creationDate: now,
        updateDate: now,
      };
      return ctx.db.transaction(() => {
        ctx.machines.insert(record);
        const version = request.publish
          ? publishRevision(ctx, record, request.versionDescription ?? null)
          : undefined;
        return {
          stateMachineArn: arn,
          creationDate: seconds(now),
          ...(version ? { stateMachineVersionArn: version.arn } : {}),
        };
      })();
    },

    UpdateStateMachine(request) {
      const machine = requireUnqualified(ctx, request.stateMachineArn, 'UpdateStateMachine');
      assertPublishing(request);
      if (
        request.definition === undefined &&
        request.roleArn === undefined &&
        request.loggingConfiguration === undefined &&
        request.tracingConfiguration === undefined
      ) {
        throw new ApiError(
          'MissingRequiredParameter',
          'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified',
        );
      }
      const now = ctx.clock.now();
      const updated: StateMachineRecord = {
        ...machine,
        definition:
          request.definition === undefined ? machine.definition : assertDefinition(request.definition),
        roleArn: request.roleArn === undefined ? machine.roleArn : assertRoleArn(request.roleArn),
        loggingConfiguration:
          request.loggingConfiguration === undefined
            ? machine.loggingConfiguration
            : assertLogging(request.loggingConfiguration),
        revisionId: randomUUID(),
        updateDate: now,
      };
      if (request.roleArn !== undefined) ctx.roles.assertAssumable(updated.roleArn, 'states');
      return ctx.db.transaction(() => {
        ctx.machines.update(updated);
        const version = request.publish
          ? publishRevision(ctx, updated, request.versionDescription ?? null)
          : undefined;
        return {
          updateDate: seconds(now),
          revisionId: updated.revisionId,
          ...(version ? { stateMachineVersionArn: version.arn } : {}),
        };
      })();
    },

    DescribeStateMachine(request) {
      const machine = requireRunnable(ctx, request.stateMachineArn);
      return { ...describe(machine), ...(machine.versionArn ? { stateMachineArn: machine.versionArn } : {}) };
    },

    DeleteStateMachine(request) {
      const machine = requireUnqualified(ctx, request.stateMachineArn, 'DeleteStateMachine');
      // AWS stops the running executions of a deleted state machine.
      for (const record of ctx.executions.list({
        stateMachineArn: machine.arn,
        status: 'RUNNING',
        limit: 1_000_000,
      })) {
        ctx.scheduler.mutate(record, (run) =>
          ctx.interpreter.abort(run, 'States.Aborted', 'The state machine was deleted'),
        );
      }
      ctx.machines.delete(machine.arn);
      return {};
    },

    ListStateMachines(request) {
      const limit = pageSize(request.maxResults);
      const offset = decodeToken<{ offset: number }>(request.nextToken, { offset: 'number' })?.offset ?? 0;
      const all = ctx.machines.list();
      const page = all.slice(offset, offset + limit);
      return {
        stateMachines: page.map((m) => ({
          stateMachineArn: m.arn,
          name: m.name,
          type: m.type,
          creationDate: seconds(m.creationDate),
        })),
        ...(offset + limit < all.length ? { nextToken: encodeToken({ offset: offset + limit }) } : {}),
      };
    },

    ValidateStateMachineDefinition(request) {
      if (typeof request.definition !== 'string')
        throw validation(
          "1 validation error detected: Value null at 'definition' failed to satisfy constraint: Member must not be null",
        );
      const { all, shown } = diagnosticsOf(request.definition, pageSize(request.maxResults));
      return {
        result: all.length === 0 ? 'OK' : 'FAIL',
        diagnostics: shown.map((d) => ({
          severity: 'ERROR',
          code: d.code,
          message: d.message,
          location: d.location,
        })),
        truncated: shown.length < all.length,
      };
    },
  };
}
