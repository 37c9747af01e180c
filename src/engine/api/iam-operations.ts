// The IAM role operations deploy uses, over IamRoleStore. The engine validates names and policy
// documents as IAM does but enforces no policy. Names, limits and errors follow the IAM API reference.
import { MAX_TAGS_PER_RESOURCE } from '../../aws/limits.js';
import { randomBytes } from 'node:crypto';
import type { Account } from './arn.js';
import type { Clock } from '../runtime/clock.js';
import type { IamRoleStore, RoleRecord } from '../store/iam-roles.js';
import { ApiError } from './errors.js';
import { memberList, memberStructs, type QueryOperation, type QueryParams } from './iam-query.js';

const NAME = /^[\w+=,.@-]+$/;
const PATH = /^(\/|\/[\u0021-\u007E]+\/)$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const POLICY_VERSIONS = ['2012-10-17', '2008-10-17'];

const noSuchRole = (name: string) =>
  new ApiError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);

/** IAM's request validation message. */
const constraint = (value: string | null, field: string, rule: string) =>
  new ApiError(
    'ValidationError',
    `1 validation error detected: Value ${value === null ? 'null' : `'${value}'`} at '${field}' failed to satisfy constraint: ${rule}`,
  );

function optParam(params: QueryParams, key: string, field: string, max: number, pattern?: RegExp, min = 1) {
  const value = params.get(key);
  if (value === null) return undefined;
  if (value.length < min)
    throw constraint(value, field, `Member must have length greater than or equal to ${min}`);
  if (value.length > max)
    throw constraint(value, field, `Member must have length less than or equal to ${max}`);
  if (pattern && !pattern.test(value)) {
    throw constraint(
      value,
      field,
      `Member must satisfy regular expression pattern: ${pattern.source.slice(1, -1)}`,
    );
  }
  return value;
}

function param(params: QueryParams, key: string, field: string, max: number, pattern?: RegExp) {
  const value = optParam(params, key, field, max, pattern);
  if (value === undefined) throw constraint(null, field, 'Member must not be null');
  return value;
}

function intParam(params: QueryParams, key: string, field: string, min: number, max: number) {
  const raw = params.get(key);
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw constraint(raw, field, `Member must have value between ${min} and ${max}`);
  }
  return value;
}

const malformed = (message: string) => new ApiError('MalformedPolicyDocument', message);

/**
 * A policy document as IAM checks it: JSON, an object with a Statement (one or a list), each with
 * Effect Allow or Deny; a trust policy's statements also name a Principal.
 */
function policyDocument(text: string, trust: boolean): string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed('This policy contains invalid Json');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw malformed('Syntax errors in policy.');
  const { Version, Statement } = doc as Record<string, unknown>;
  if (Version !== undefined && !POLICY_VERSIONS.includes(Version as string)) {
    throw malformed('The policy must contain a valid version string');
  }
  const statements = Array.isArray(Statement) ? Statement : [Statement];
  if (Statement === undefined || statements.length === 0) throw malformed('Syntax errors in policy.');
  for (const s of statements) {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) throw malformed('Syntax errors in policy.');
    const statement = s as Record<string, unknown>;
    if (statement.Effect !== 'Allow' && statement.Effect !== 'Deny')
      throw malformed('Syntax errors in policy.');
    if (statement.Action === undefined && statement.NotAction === undefined) {
      throw malformed('Policy statement must contain actions.');
    }
    if (trust && statement.Principal === undefined && statement.NotPrincipal === undefined) {
      throw malformed('AssumeRolepolicy contained an invalid principal element.');
    }
    if (!trust && statement.Resource === undefined && statement.NotResource === undefined) {
      throw malformed('Policy statement must contain resources.');
    }
  }
  return text;
}

function tagsOf(params: QueryParams): { Key: string; Value: string }[] {
  const tags = memberStructs(params, 'Tags', ['Key', 'Value']).map((tag, i) => {
    const key = tag.Key ?? '';
    const value = tag.Value ?? '';
    if (key.length < 1 || key.length > 128 || !TAG_KEY.test(key)) {
      throw constraint(
        key,
        `tags.${i + 1}.member.key`,
        `Member must satisfy regular expression pattern: ${TAG_KEY.source}`,
      );
    }
    if (value.length > 256 || !TAG_VALUE.test(value)) {
      throw constraint(
        value,
        `tags.${i + 1}.member.value`,
        `Member must satisfy regular expression pattern: ${TAG_VALUE.source}`,
      );
    }
    return { Key: key, Value: value };
  });
  if (new Set(tags.map((t) => t.Key.toLowerCase())).size !== tags.length) {
    throw new ApiError(
      'InvalidInput',
      'Duplicate tag keys found. Please note that Tag keys are case insensitive.',
    );
  }
  if (tags.length > MAX_TAGS_PER_RESOURCE)
    throw new ApiError('LimitExceeded', 'The number of tags has reached the maximum limit.', 409);
  return tags;
}

/** Tags merged by key (case-insensitively, as IAM compares them); a new value replaces the old. */
function mergeTags(current: RoleRecord['tags'], added: RoleRecord['tags']): RoleRecord['tags'] {
  const merged = current.filter((t) => !added.some((a) => a.Key.toLowerCase() === t.Key.toLowerCase()));
  return [...merged, ...added];
}

// IAM's unique ids: a type prefix (AROA for roles) and 17 characters.
const roleId = () =>
  'AROA' + Array.from(randomBytes(17), (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[b % 32]).join('');

export function iamOperations(ctx: {
  account: Account;
  clock: Clock;
  roles: IamRoleStore;
  /** A role's trust policy was set (CreateRole, UpdateAssumeRolePolicy): IAM takes time to propagate it. */
  onTrustChanged?: (roleName: string) => void;
}): Record<string, QueryOperation> {
  const roleArn = (r: RoleRecord) => `arn:aws:iam::${ctx.account.accountId}:role${r.path}${r.name}`;

  const roleOf = (r: RoleRecord, withTags = true) => ({
    Path: r.path,
    RoleName: r.name,
    RoleId: r.roleId,
    Arn: roleArn(r),
    CreateDate: new Date(r.createDate),
    // IAM returns policy documents URL-encoded.
    AssumeRolePolicyDocument: encodeURIComponent(r.assumeRolePolicyDocument),
    Description: r.description ?? undefined,
    MaxSessionDuration: r.maxSessionDuration,
    ...(withTags && r.tags.length > 0 ? { Tags: r.tags } : {}),
  });

  function requireRole(params: QueryParams): RoleRecord {
    const name = param(params, 'RoleName', 'roleName', 64, NAME);
    const role = ctx.roles.get(name);
    if (!role) throw noSuchRole(name);
    return role;
  }

  return {
    CreateRole(params) {
      const name = param(params, 'RoleName', 'roleName', 64, NAME);
      const path = optParam(params, 'Path', 'path', 512, PATH) ?? '/';
      const trust = policyDocument(
        param(params, 'AssumeRolePolicyDocument', 'assumeRolePolicyDocument', 131072),
        true,
      );
      const description = optParam(params, 'Description', 'description', 1000, undefined, 0) ?? null;
      const maxSessionDuration =
        intParam(params, 'MaxSessionDuration', 'maxSessionDuration', 3600, 43200) ?? 3600;
      if (params.has('PermissionsBoundary')) {
        throw new ApiError('InvalidInput', 'The local engine does not support permissions boundaries.');
      }
      const role: RoleRecord = {
        name,
        path,
        roleId: roleId(),
        createDate: ctx.clock.now(),
        assumeRolePolicyDocument: trust,
        description,
        maxSessionDuration,
        tags: tagsOf(params),
      };
      if (!ctx.roles.create(role)) {
        throw new ApiError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
      }
      ctx.onTrustChanged?.(name);
      return { Role: roleOf(role) };
    },

    GetRole(params) {
      return { Role: { ...roleOf(requireRole(params)), RoleLastUsed: {} } };
    },

    UpdateRole(params) {
      const role = requireRole(params);
      const description = optParam(params, 'Description', 'description', 1000, undefined, 0);
      const maxSessionDuration = intParam(params, 'MaxSessionDuration', 'maxSessionDuration', 3600, 43200);
      ctx.roles.update({
        ...role,
        description: description ?? role.description,
        maxSessionDuration: maxSessionDuration ?? role.maxSessionDuration,
      });
      return {};
    },

    UpdateAssumeRolePolicy(params) {
      const role = requireRole(params);
      const trust = policyDocument(param(params, 'PolicyDocument', 'policyDocument', 131072), true);
      ctx.roles.update({ ...role, assumeRolePolicyDocument: trust });
      ctx.onTrustChanged?.(role.name);
      return undefined;
    },

    DeleteRole(params) {
      const role = requireRole(params);
      if (ctx.roles.policyNames(role.name).length > 0) {
        throw new ApiError('DeleteConflict', 'Cannot delete entity, must delete policies first.', 409);
      }
      ctx.roles.delete(role.name);
      return undefined;
    },

    ListRoles(params) {
      const prefix = optParam(params, 'PathPrefix', 'pathPrefix', 512, /^\u002F[\u0021-\u007F]*$/) ?? '/';
      const limit = intParam(params, 'MaxItems', 'maxItems', 1, 1000) ?? 100;
      const marker = optParam(params, 'Marker', 'marker', 320);
      let after: string | undefined;
      if (marker !== undefined) {
        after = Buffer.from(marker, 'base64url').toString('utf8');
        if (!NAME.test(after)) throw new ApiError('InvalidInput', 'Invalid Marker.');
      }
      const page = ctx.roles.list(prefix, after, limit + 1);
      const shown = page.slice(0, limit);
      const truncated = page.length > limit;
      return {
        // ListRoles leaves out tags (and the permissions boundary and last use), as IAM does.
        Roles: shown.map((r) => roleOf(r, false)),
        IsTruncated: truncated,
        ...(truncated ? { Marker: Buffer.from(shown[shown.length - 1].name).toString('base64url') } : {}),
      };
    },

    TagRole(params) {
      const role = requireRole(params);
      const tags = mergeTags(role.tags, tagsOf(params));
      if (tags.length > MAX_TAGS_PER_RESOURCE) {
        throw new ApiError('LimitExceeded', 'The number of tags has reached the maximum limit.', 409);
      }
      ctx.roles.update({ ...role, tags });
      return undefined;
    },

    UntagRole(params) {
      const role = requireRole(params);
      const keys = new Set(memberList(params, 'TagKeys').map((k) => k.toLowerCase()));
      ctx.roles.update({ ...role, tags: role.tags.filter((t) => !keys.has(t.Key.toLowerCase())) });
      return undefined;
    },

    ListRoleTags(params) {
      return { Tags: requireRole(params).tags, IsTruncated: false };
    },

    PutRolePolicy(params) {
      const role = requireRole(params);
      const policyName = param(params, 'PolicyName', 'policyName', 128, NAME);
      const document = policyDocument(param(params, 'PolicyDocument', 'policyDocument', 131072), false);
      ctx.roles.putPolicy(role.name, policyName, document);
      return undefined;
    },

    GetRolePolicy(params) {
      const role = requireRole(params);
      const policyName = param(params, 'PolicyName', 'policyName', 128, NAME);
      const document = ctx.roles.getPolicy(role.name, policyName);
      if (document === undefined) {
        throw new ApiError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`, 404);
      }
      return { RoleName: role.name, PolicyName: policyName, PolicyDocument: encodeURIComponent(document) };
    },

    DeleteRolePolicy(params) {
      const role = requireRole(params);
      const policyName = param(params, 'PolicyName', 'policyName', 128, NAME);
      if (!ctx.roles.deletePolicy(role.name, policyName)) {
        throw new ApiError('NoSuchEntity', `The role policy with name ${policyName} cannot be found.`, 404);
      }
      return undefined;
    },

    ListRolePolicies(params) {
      const role = requireRole(params);
      return { PolicyNames: ctx.roles.policyNames(role.name), IsTruncated: false };
    },
  };
}
