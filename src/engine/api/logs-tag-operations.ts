// CloudWatch Logs tagging of log groups: TagResource, UntagResource, ListTagsForResource (by ARN),
// the older TagLogGroup, UntagLogGroup, ListTagsLogGroup (by name), and CreateLogGroup's `tags`.
import { MAX_TAGS_PER_RESOURCE } from '../../aws/limits.js';
import type { Account } from './arn.js';
import type { LogStore } from '../store/logs.js';
import type { ResourceTagStore, Tag } from '../store/resource-tags.js';
import { ApiError } from './errors.js';
import type { OperationTable } from './operation.js';

const TAG_KEY = /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:([^:]+)(?::\*)?$/;

const invalid = (message: string) => new ApiError('InvalidParameterException', message);
const groupNotFound = () =>
  new ApiError('ResourceNotFoundException', 'The specified log group does not exist.');

function tagMap(value: unknown): Tag[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(
      "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null",
    );
  }
  return Object.entries(value).map(([key, tagValue]) => {
    if (!TAG_KEY.test(key)) throw invalid(`Invalid tag key: '${key}'`);
    if (typeof tagValue !== 'string' || !TAG_VALUE.test(tagValue))
      throw invalid(`Invalid tag value for key '${key}'`);
    return { key, value: tagValue };
  });
}

function keyList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.some((k) => typeof k !== 'string')) {
    throw invalid(
      `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value as string[];
}

const asMap = (tags: Tag[]) => Object.fromEntries(tags.map((t) => [t.key, t.value]));

/** The operations of `base`, plus log group tagging; DeleteLogGroup drops a group's tags. */
export function withLogTags(
  base: OperationTable,
  logs: LogStore,
  tags: ResourceTagStore,
  account: Account,
): OperationTable {
  const arnOf = (group: string) => `arn:aws:logs:${account.region}:${account.accountId}:log-group:${group}`;

  function groupArn(name: unknown): string {
    if (typeof name !== 'string' || !logs.getLogGroup(name)) throw groupNotFound();
    return arnOf(name);
  }

  function groupArnFromResource(resourceArn: unknown): string {
    const match = typeof resourceArn === 'string' ? LOG_GROUP_ARN.exec(resourceArn) : null;
    if (!match) throw invalid(`Invalid resource ARN: '${String(resourceArn)}'`);
    return groupArn(match[1]);
  }

  function add(arn: string, added: Tag[], tooMany: ApiError): void {
    const keys = new Set([...tags.list(arn).map((t) => t.key), ...added.map((t) => t.key)]);
    if (keys.size > MAX_TAGS_PER_RESOURCE) throw tooMany;
    tags.put(arn, added);
  }

  const tooManyTags = () =>
    new ApiError('TooManyTagsException', `A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags.`);

  return {
    ...base,

    CreateLogGroup(request: Record<string, unknown>) {
      const requested = request.tags === undefined || request.tags === null ? [] : tagMap(request.tags);
      if (requested.length > MAX_TAGS_PER_RESOURCE) throw tooManyTags();
      const result = base.CreateLogGroup(request);
      if (requested.length > 0) tags.put(arnOf(request.logGroupName as string), requested);
      return result;
    },

    DeleteLogGroup(request: Record<string, unknown>) {
      const result = base.DeleteLogGroup(request);
      tags.removeAll(arnOf(request.logGroupName as string));
      return result;
    },

    TagResource(request) {
      add(groupArnFromResource(request.resourceArn), tagMap(request.tags), tooManyTags());
      return {};
    },

    UntagResource(request) {
      tags.remove(groupArnFromResource(request.resourceArn), keyList(request.tagKeys, 'tagKeys'));
      return {};
    },

    ListTagsForResource(request) {
      return { tags: asMap(tags.list(groupArnFromResource(request.resourceArn))) };
    },

    TagLogGroup(request) {
      add(
        groupArn(request.logGroupName),
        tagMap(request.tags),
        invalid(`A log group can have at most ${MAX_TAGS_PER_RESOURCE} tags.`),
      );
      return {};
    },

    UntagLogGroup(request) {
      tags.remove(groupArn(request.logGroupName), keyList(request.tags, 'tags'));
      return {};
    },

    ListTagsLogGroup(request) {
      return { tags: asMap(tags.list(groupArn(request.logGroupName))) };
    },
  };
}
