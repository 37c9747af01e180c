// Step Functions tagging: TagResource, UntagResource, ListTagsForResource on state machines, and
// CreateStateMachine's `tags` (deploy tags everything it makes with taskctl:stack=NAME).
import { MAX_TAGS_PER_RESOURCE } from '../../aws/limits.js';
import { splitStateMachineArn, stateMachineArn } from './arn.js';
import { ResourceTagStore, type Tag } from '../store/resource-tags.js';
import type { SfnContext } from './context.js';
import { ApiError, validation } from './errors.js';
import type { OperationTable } from './operation.js';

// A lone UTF-16 surrogate (what /\p{Cs}/u matches) cannot be stored and read back intact.
const LONE_SURROGATE = /\p{Cs}/u;

function tagsOf(value: unknown): Tag[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw validation(
      "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must be a list",
    );
  }
  return value.map((item: unknown, i) => {
    const { key, value: tagValue } = (item ?? {}) as Record<string, unknown>;
    if (typeof key !== 'string' || key.length < 1 || key.length > 128 || LONE_SURROGATE.test(key)) {
      throw validation(
        `1 validation error detected: Value '${String(key)}' at 'tags.${i + 1}.member.key' failed to satisfy constraint: Member must have length between 1 and 128`,
      );
    }
    const text = tagValue ?? '';
    if (typeof text !== 'string' || text.length > 256 || LONE_SURROGATE.test(text)) {
      throw validation(
        `1 validation error detected: Value '${String(text)}' at 'tags.${i + 1}.member.value' failed to satisfy constraint: Member must have length less than or equal to 256`,
      );
    }
    return { key, value: text };
  });
}

/** The operations of `base`, plus tagging; CreateStateMachine takes `tags`, DeleteStateMachine drops them. */
export function withTags(ctx: SfnContext, base: OperationTable): OperationTable {
  const tags = new ResourceTagStore(ctx.db);

  /** A tagged resource must be an existing state machine (unqualified ARN). */
  function requireTaggable(arn: unknown): string {
    const { machine, qualifier: name } = splitStateMachineArn(arn, ctx.account);
    const machineArn = stateMachineArn(ctx.account, machine);
    if (name !== undefined || arn !== machineArn) {
      throw new ApiError(
        'InvalidArn',
        `Invalid Arn: 'Resource type not valid in this context: ${String(arn)}'`,
      );
    }
    if (!ctx.machines.get(machineArn)) {
      throw Object.assign(new ApiError('ResourceNotFound', `Resource not found: '${machineArn}'`), {
        resourceName: machineArn,
      });
    }
    return machineArn;
  }

  function add(arn: string, added: Tag[]): void {
    const keys = new Set([...tags.list(arn).map((t) => t.key), ...added.map((t) => t.key)]);
    if (keys.size > MAX_TAGS_PER_RESOURCE) {
      throw new ApiError(
        'TooManyTags',
        `Too many tags: a resource can have at most ${MAX_TAGS_PER_RESOURCE} tags`,
      );
    }
    tags.put(arn, added);
  }

  return {
    ...base,

    CreateStateMachine(request: Record<string, unknown>) {
      const requested = tagsOf(request.tags);
      if (requested.length > MAX_TAGS_PER_RESOURCE) {
        throw new ApiError(
          'TooManyTags',
          `Too many tags: a resource can have at most ${MAX_TAGS_PER_RESOURCE} tags`,
        );
      }
      return ctx.db.transaction(() => {
        const result = base.CreateStateMachine(request) as { stateMachineArn: string };
        if (requested.length > 0) tags.put(result.stateMachineArn, requested);
        return result;
      })();
    },

    DeleteStateMachine(request: Record<string, unknown>) {
      const result = base.DeleteStateMachine(request);
      const machineArn = stateMachineArn(
        ctx.account,
        splitStateMachineArn(request.stateMachineArn, ctx.account).machine,
      );
      if (!ctx.machines.get(machineArn)) tags.removeAll(machineArn);
      return result;
    },

    TagResource(request) {
      add(requireTaggable(request.resourceArn), tagsOf(request.tags));
      return {};
    },

    UntagResource(request) {
      const arn = requireTaggable(request.resourceArn);
      if (!Array.isArray(request.tagKeys) || request.tagKeys.some((k: unknown) => typeof k !== 'string')) {
        throw validation(
          "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
        );
      }
      tags.remove(arn, request.tagKeys as string[]);
      return {};
    },

    ListTagsForResource(request) {
      return { tags: tags.list(requireTaggable(request.resourceArn)) };
    },
  };
}
