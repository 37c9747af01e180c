// State machine versions: PublishStateMachineVersion, ListStateMachineVersions and
// DeleteStateMachineVersion (CreateStateMachine/UpdateStateMachine publish through the same
// publishRevision; DescribeStateMachine and StartExecution take version ARNs in their own modules).
import { API_ERROR_STATUS, ApiErrors } from '../../aws/errors.js';
import { splitStateMachineArn, stateMachineArn } from './arn.js';
import { StateMachineAliasStore } from '../store/state-machine-aliases.js';
import type { SfnContext } from './context.js';
import { ApiError, validation } from './errors.js';
import { assertOptionalString } from './fields.js';
import type { OperationTable } from './operation.js';
import { decodeToken, encodeToken, pageSize, seconds } from './pagination.js';
import { publishRevision, requireUnqualified } from './state-machine-operations.js';

const conflict = (message: string) =>
  new ApiError(ApiErrors.ConflictException, message, API_ERROR_STATUS[ApiErrors.ConflictException]);

export function versionOperations(ctx: SfnContext): OperationTable {
  const aliases = new StateMachineAliasStore(ctx.db);

  return {
    PublishStateMachineVersion(request) {
      const machine = requireUnqualified(ctx, request.stateMachineArn, 'PublishStateMachineVersion');
      assertOptionalString(request.revisionId, 'revisionId', 256);
      assertOptionalString(request.description, 'description', 256);
      if (request.revisionId !== undefined && request.revisionId !== null) {
        if (request.revisionId !== machine.revisionId) {
          throw conflict(
            `Failed to publish the State Machine version for revision ${request.revisionId}. The current State Machine revision is ${machine.revisionId}.`,
          );
        }
      }
      const version = ctx.db.transaction(() =>
        publishRevision(ctx, machine, (request.description as string | undefined) ?? null),
      )();
      return { creationDate: seconds(version.creationDate), stateMachineVersionArn: version.arn };
    },

    ListStateMachineVersions(request) {
      const machine = requireUnqualified(ctx, request.stateMachineArn, 'ListStateMachineVersions');
      const limit = pageSize(request.maxResults);
      const before = decodeToken<{ before: number }>(request.nextToken, { before: 'number' })?.before;
      const page = ctx.machines.listVersions(machine.arn, before, limit + 1);
      const shown = page.slice(0, limit);
      return {
        stateMachineVersions: shown.map((v) => ({
          stateMachineVersionArn: v.arn,
          creationDate: seconds(v.creationDate),
        })),
        ...(page.length > limit
          ? { nextToken: encodeToken({ before: shown[shown.length - 1].version }) }
          : {}),
      };
    },

    DeleteStateMachineVersion(request) {
      const arn = request.stateMachineVersionArn;
      const { machine, qualifier } = splitStateMachineArn(arn, ctx.account);
      if (qualifier === undefined || !/^\d+$/.test(qualifier)) {
        throw validation(
          `DeleteStateMachineVersion takes a state machine version ARN (…:stateMachine:NAME:NUMBER): '${String(arn)}'`,
        );
      }
      const routing = aliases.namesRoutingTo(stateMachineArn(ctx.account, machine), arn as string);
      if (routing.length > 0) {
        throw conflict(
          `Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [${routing.join(', ')}]`,
        );
      }
      // Idempotent, as on AWS: a version that is already gone is no error. Executions started
      // from it keep running: they carry their own copy of its definition.
      ctx.machines.deleteVersion(arn as string);
      return {};
    },
  };
}
