import { createRequire } from 'node:module';
import type * as IamSdk from '@aws-sdk/client-iam';
import type { Role } from '@aws-sdk/client-iam';
import type { Target } from '../target.js';
import { clientConfig } from './client-config.js';
import { ServiceWrapper } from './service-wrapper.js';
import type { ConnectOptions } from './options.js';
import { withoutNodeVersionWarning } from './quiet.js';

// The IAM role calls `deploy` and `destroy` make. Loaded only by them (dynamic import in index.ts).
const {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  PutRolePolicyCommand,
  TagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  paginateListRolePolicies,
  paginateListRoleTags,
  paginateListRoles,
} = createRequire(import.meta.url)('@aws-sdk/client-iam') as typeof IamSdk;
type IAMClient = IamSdk.IAMClient;

type Tags = Record<string, string>;

const toTagList = (tags: Tags) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
const fromTagList = (tags: { Key?: string; Value?: string }[] | undefined): Tags =>
  Object.fromEntries((tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));

/** IAM answers policy documents URL-encoded; the SDK leaves them so. */
const decodePolicy = (document: string | undefined): string | undefined =>
  document === undefined ? undefined : decodeURIComponent(document);

/** A role as deploy compares it. */
export interface DeployedRole {
  arn: string;
  trustPolicy?: string;
  tags: Tags;
}

// The SDK names IAM's NoSuchEntity error NoSuchEntityException.
const isNoSuchEntity = (error: unknown) =>
  ['NoSuchEntity', 'NoSuchEntityException'].includes((error as { name?: string })?.name ?? '');

export class IamRoles extends ServiceWrapper<IAMClient> {
  constructor(
    target: Target,
    private readonly iam: IAMClient,
    options: ConnectOptions = {},
  ) {
    super(target, iam, options, 'IAM');
  }

  /** GetRole; undefined when there is no such role. */
  async getRole(name: string): Promise<DeployedRole | undefined> {
    try {
      const { Role: role } = await this.iam.send(new GetRoleCommand({ RoleName: name }), this.sendOptions);
      return {
        arn: role!.Arn!,
        trustPolicy: decodePolicy(role!.AssumeRolePolicyDocument),
        tags: fromTagList(role!.Tags),
      };
    } catch (error) {
      if (isNoSuchEntity(error)) return undefined;
      throw this.mapError(error);
    }
  }

  /** GetRolePolicy's document (decoded); undefined when the role has no such inline policy. */
  async getRolePolicy(roleName: string, policyName: string): Promise<string | undefined> {
    try {
      const found = await this.iam.send(
        new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }),
        this.sendOptions,
      );
      return decodePolicy(found.PolicyDocument);
    } catch (error) {
      if (isNoSuchEntity(error)) return undefined;
      throw this.mapError(error);
    }
  }

  async createRole(input: {
    name: string;
    trustPolicy: string;
    description: string;
    tags: Tags;
  }): Promise<string> {
    const { Role: role } = await this.call(() =>
      this.iam.send(
        new CreateRoleCommand({
          RoleName: input.name,
          AssumeRolePolicyDocument: input.trustPolicy,
          Description: input.description,
          Tags: toTagList(input.tags),
        }),
        this.sendOptions,
      ),
    );
    return role!.Arn!;
  }

  updateTrustPolicy(roleName: string, document: string): Promise<unknown> {
    return this.call(() =>
      this.iam.send(
        new UpdateAssumeRolePolicyCommand({ RoleName: roleName, PolicyDocument: document }),
        this.sendOptions,
      ),
    );
  }

  putRolePolicy(roleName: string, policyName: string, document: string): Promise<unknown> {
    return this.call(() =>
      this.iam.send(
        new PutRolePolicyCommand({ RoleName: roleName, PolicyName: policyName, PolicyDocument: document }),
        this.sendOptions,
      ),
    );
  }

  tagRole(roleName: string, tags: Tags): Promise<unknown> {
    return this.call(() =>
      this.iam.send(new TagRoleCommand({ RoleName: roleName, Tags: toTagList(tags) }), this.sendOptions),
    );
  }

  /** Every role (ListRoles page by page; IAM leaves tags out of the list). */
  async listRoles(): Promise<Role[]> {
    return this.call(async () => {
      const found: Role[] = [];
      for await (const page of paginateListRoles({ client: this.iam }, {})) found.push(...(page.Roles ?? []));
      return found;
    });
  }

  async listRoleTags(roleName: string): Promise<Tags> {
    return this.call(async () => {
      const tags: { Key?: string; Value?: string }[] = [];
      for await (const page of paginateListRoleTags({ client: this.iam }, { RoleName: roleName }))
        tags.push(...(page.Tags ?? []));
      return fromTagList(tags);
    });
  }

  async listRolePolicies(roleName: string): Promise<string[]> {
    return this.call(async () => {
      const names: string[] = [];
      for await (const page of paginateListRolePolicies({ client: this.iam }, { RoleName: roleName }))
        names.push(...(page.PolicyNames ?? []));
      return names;
    });
  }

  deleteRolePolicy(roleName: string, policyName: string): Promise<unknown> {
    return this.call(() =>
      this.iam.send(
        new DeleteRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }),
        this.sendOptions,
      ),
    );
  }

  deleteRole(roleName: string): Promise<unknown> {
    return this.call(() => this.iam.send(new DeleteRoleCommand({ RoleName: roleName }), this.sendOptions));
  }
}

export function createIamRoles(target: Target, options: ConnectOptions = {}): IamRoles {
  const url = target.kind === 'endpoint' ? process.env.AWS_ENDPOINT_URL_IAM || target.url : undefined;
  const client = withoutNodeVersionWarning(() => new IAMClient(clientConfig(target, options, url)));
  return new IamRoles(target, client, options);
}
