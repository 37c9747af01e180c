import { randomUUID } from 'node:crypto';
import { stateMachineNameOf } from '../../aws/arn.js';
import { MAX_CAUSE_LENGTH, MAX_ERROR_LENGTH, MAX_EXECUTION_INPUT_BYTES } from '../../aws/limits.js';
import { EXECUTION_STATUSES, REDRIVE_FILTERS, isExecutionStatus } from '../../aws/statuses.js';
import type { Json } from '../asl/types.js';
import { jsonDepth, MAX_JSON_DEPTH } from '../asl/json-depth.js';
import { assertValidName, executionArn, requireStatesArn } from './arn.js';
import { parseDefinition } from '../runtime/interpreter.js';
import { redriveExecution, redriveRefusal } from '../runtime/redrive.js';
import type { ExecutionRecord, StoredEvent } from '../store/executions.js';
import type { SfnContext } from './context.js';
import { ApiError, validation } from './errors.js';
import { assertOptionalString } from './fields.js';
import type { OperationTable } from './operation.js';
import { decodeToken, encodeToken, pageSize, seconds } from './pagination.js';
import { requireRunnable, requireStateMachine } from './state-machine-operations.js';

function requireExecution(ctx: SfnContext, arn: unknown): ExecutionRecord {
  const { stateMachine, execution } = requireStatesArn(arn, 'execution', ctx.account);
  const record = ctx.executions.get(executionArn(ctx.account, stateMachine, execution));
  if (!record) throw new ApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(arn)}'`);
  return record;
}

function parseInput(input: unknown): string {
  const text = input === undefined || input === null ? '{}' : input;
  if (typeof text !== 'string')
    throw new ApiError(
      'InvalidExecutionInput',
      'Invalid State Machine Execution Input: input must be a string',
    );
  if (Buffer.byteLength(text, 'utf8') > MAX_EXECUTION_INPUT_BYTES) {
    throw new ApiError(
      'InvalidExecutionInput',
      `Invalid State Machine Execution Input: the input exceeds the maximum size of ${MAX_EXECUTION_INPUT_BYTES} bytes`,
    );
  }
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new ApiError(
      'InvalidExecutionInput',
      `Invalid State Machine Execution Input: 'the input nests deeper than ${MAX_JSON_DEPTH} levels'`,
    );
  }
  try {
    JSON.parse(text);
  } catch (e) {
    throw new ApiError(
      'InvalidExecutionInput',
      `Invalid State Machine Execution Input: '${(e as Error).message}'`,
    );
  }
  return text;
}

function redriveStatus(
  ctx: SfnContext,
  record: ExecutionRecord,
): { redriveStatus: string; redriveStatusReason?: string } {
  const reason = redriveRefusal(
    record,
    ctx.machines.get(record.stateMachineArn) !== undefined,
    ctx.clock.now(),
  );
  return reason === undefined
    ? { redriveStatus: 'REDRIVABLE' }
    : { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: reason };
}

const describeExecution = (ctx: SfnContext, record: ExecutionRecord) => ({
  executionArn: record.arn,
  stateMachineArn: record.stateMachineArn,
  name: record.name,
  status: record.status,
  startDate: seconds(record.startDate),
  ...(record.stopDate !== null ? { stopDate: seconds(record.stopDate) } : {}),
  input: record.input,
  inputDetails: { included: true },
  ...(record.status === 'SUCCEEDED'
    ? { output: record.output ?? '{}', outputDetails: { included: true } }
    : {}),
  ...(record.error !== null ? { error: record.error } : {}),
  ...(record.cause !== null ? { cause: record.cause } : {}),
  redriveCount: record.redriveCount,
  ...(record.redriveDate !== null ? { redriveDate: seconds(record.redriveDate) } : {}),
  ...redriveStatus(ctx, record),
});

const DATA_FIELDS = new Set(['input', 'output', 'inputDetails', 'outputDetails']);

function formatEvent(event: StoredEvent, includeData: boolean): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event.details ?? {})) {
    details[key] = includeData
      ? value
      : Object.fromEntries(Object.entries(value as object).filter(([field]) => !DATA_FIELDS.has(field)));
  }
  return {
    timestamp: seconds(event.timestamp),
    type: event.type,
    id: event.id,
    previousEventId: event.previousEventId,
    ...details,
  };
}

/** What StartExecution answers. */
export interface Started {
  executionArn: string;
  startDate: number;
}

/**
 * StartExecution's checks of the request, made now (an invalid request fails at once), and the
 * write that starts the execution: run it in a transaction, where it also checks the name (an
 * execution of the same name may have been started by a request committed with this one).
 */
export function startExecutionWrite(ctx: SfnContext, request: Record<string, unknown>): () => Started {
  const machine = requireRunnable(ctx, request.stateMachineArn);
  const name = request.name ?? randomUUID();
  assertValidName(name);
  const input = parseInput(request.input);
  const arn = executionArn(ctx.account, machine.name, name);
  const definition = parseDefinition(machine.definition);
  return () => {
    // Deleted since the request was checked (a DeleteStateMachine read in the same turn of the
    // event loop, before this commit): refused as if it had come after.
    requireRunnable(ctx, request.stateMachineArn);
    // By primary key: the ARN is the state machine's name and the execution's name.
    const existing = ctx.executions.get(arn);
    if (existing) {
      // Idempotent for the same name and input while the execution runs, as on AWS.
      if (existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn: existing.arn, startDate: seconds(existing.startDate) };
      }
      throw new ApiError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.arn}'`);
    }
    const now = ctx.clock.now();
    const record: ExecutionRecord = {
      arn,
      stateMachineArn: machine.arn,
      name,
      status: 'RUNNING',
      input,
      output: null,
      error: null,
      cause: null,
      startDate: now,
      stopDate: null,
      definition: machine.definition,
      roleArn: machine.roleArn,
      revisionId: machine.revisionId,
      redriveCount: 0,
      redriveDate: null,
      redriveClientToken: null,
      lastEventId: 1,
      cursor: { at: 'state', state: definition.StartAt, input: JSON.parse(input) as Json },
      readyAt: now,
      deadline: definition.TimeoutSeconds ? now + (definition.TimeoutSeconds * 1000) / ctx.speed : null,
    };
    const started: StoredEvent = {
      id: 1,
      previousEventId: 0,
      timestamp: now,
      type: 'ExecutionStarted',
      details: {
        executionStartedEventDetails: {
          input,
          inputDetails: { truncated: false },
          roleArn: machine.roleArn,
          stateMachineArn: machine.arn,
        },
      },
    };
    ctx.executions.insert(record);
    ctx.history.append(record, [started]);
    return { executionArn: record.arn, startDate: seconds(now) };
  };
}

export function executionOperations(ctx: SfnContext): OperationTable {
  return {
    StartExecution(request) {
      return ctx.scheduler.commitWithNextTick(startExecutionWrite(ctx, request));
    },

    DescribeExecution(request) {
      return describeExecution(ctx, requireExecution(ctx, request.executionArn));
    },

    DescribeStateMachineForExecution(request) {
      const record = requireExecution(ctx, request.executionArn);
      const machine = ctx.machines.get(record.stateMachineArn);
      return {
        stateMachineArn: record.stateMachineArn,
        name: stateMachineNameOf(record.stateMachineArn),
        definition: record.definition,
        roleArn: record.roleArn,
        updateDate: seconds(machine?.updateDate ?? record.startDate),
        loggingConfiguration: machine?.loggingConfiguration ?? { level: 'OFF', includeExecutionData: false },
        tracingConfiguration: { enabled: false },
        revisionId: record.revisionId,
      };
    },

    ListExecutions(request) {
      if (request.mapRunArn !== undefined) throw validation('Map runs are not supported by the local engine');
      const machine = requireStateMachine(ctx, request.stateMachineArn);
      if (request.statusFilter !== undefined && !isExecutionStatus(request.statusFilter)) {
        throw validation(
          `1 validation error detected: Value '${String(request.statusFilter)}' at 'statusFilter' failed to satisfy constraint: Member must satisfy enum value set: [${EXECUTION_STATUSES.join(', ')}]`,
        );
      }
      if (
        request.redriveFilter !== undefined &&
        !(REDRIVE_FILTERS as readonly unknown[]).includes(request.redriveFilter)
      ) {
        throw validation(
          `1 validation error detected: Value '${String(request.redriveFilter)}' at 'redriveFilter' failed to satisfy constraint: Member must satisfy enum value set: [${REDRIVE_FILTERS.join(', ')}]`,
        );
      }
      const limit = pageSize(request.maxResults);
      const after = decodeToken<{ startDate: number; arn: string }>(request.nextToken, {
        startDate: 'number',
        arn: 'string',
      });
      const page = ctx.executions.list({
        stateMachineArn: machine.arn,
        status: request.statusFilter,
        redriven: request.redriveFilter === undefined ? undefined : request.redriveFilter === 'REDRIVEN',
        after,
        limit: limit + 1,
      });
      const shown = page.slice(0, limit);
      const last = shown[shown.length - 1];
      return {
        executions: shown.map((r) => ({
          executionArn: r.arn,
          stateMachineArn: r.stateMachineArn,
          name: r.name,
          status: r.status,
          startDate: seconds(r.startDate),
          ...(r.stopDate !== null ? { stopDate: seconds(r.stopDate) } : {}),
          redriveCount: r.redriveCount,
          ...(r.redriveDate !== null ? { redriveDate: seconds(r.redriveDate) } : {}),
        })),
        ...(page.length > limit
          ? { nextToken: encodeToken({ startDate: last.startDate, arn: last.arn }) }
          : {}),
      };
    },

    GetExecutionHistory(request) {
      const record = requireExecution(ctx, request.executionArn);
      const limit = pageSize(request.maxResults);
      const reverse = request.reverseOrder === true;
      const position = decodeToken<{ id: number }>(request.nextToken, { id: 'number' })?.id;
      const events = reverse
        ? ctx.executions.events(record.arn, {
            beforeId: position ?? record.lastEventId + 1,
            limit: limit + 1,
          })
        : ctx.executions.events(record.arn, { afterId: position ?? 0, limit: limit + 1 });
      const shown = events.slice(0, limit);
      const includeData = request.includeExecutionData !== false;
      return {
        events: shown.map((e) => formatEvent(e, includeData)),
        ...(events.length > limit ? { nextToken: encodeToken({ id: shown[shown.length - 1].id }) } : {}),
      };
    },

    RedriveExecution(request) {
      const record = requireExecution(ctx, request.executionArn);
      const clientToken = typeof request.clientToken === 'string' ? request.clientToken : null;
      // A retried request (same client token) returns the redrive it already made.
      if (clientToken !== null && record.redriveClientToken === clientToken && record.redriveDate !== null) {
        return { redriveDate: seconds(record.redriveDate) };
      }
      const reason = redriveRefusal(
        record,
        ctx.machines.get(record.stateMachineArn) !== undefined,
        ctx.clock.now(),
      );
      if (reason !== undefined) {
        throw new ApiError(
          'ExecutionNotRedrivable',
          `Execution '${record.arn}' cannot be redriven: ${reason}`,
        );
      }
      const run = ctx.scheduler.mutate(record, (r) => redriveExecution(r, ctx.speed, clientToken));
      ctx.scheduler.wake();
      return { redriveDate: seconds(run.record.redriveDate!) };
    },

    StopExecution(request) {
      const record = requireExecution(ctx, request.executionArn);
      assertOptionalString(request.error, 'error', MAX_ERROR_LENGTH);
      assertOptionalString(request.cause, 'cause', MAX_CAUSE_LENGTH);
      if (record.status !== 'RUNNING') return { stopDate: seconds(record.stopDate ?? ctx.clock.now()) };
      const run = ctx.scheduler.mutate(record, (r) => ctx.interpreter.abort(r, request.error, request.cause));
      return { stopDate: seconds(run.record.stopDate!) };
    },
  };
}
