import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { useRestartableEngine } from '../../support/engine.js';
import { iamClient } from './clients.js';

// IAM roles and inline policies through the real SDK against a real engine process.

const trust = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});
const logsPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['logs:PutLogEvents'], Resource: '*' }],
});

const createRole = (iam: IAMClient, RoleName: string, extra: object = {}) =>
  iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust, ...extra }));

describe('IAM API', () => {
  const engines = useRestartableEngine();

  it('creates, reads, tags and deletes a role with an inline policy, durably', async () => {
    let iam = iamClient((await engines.start()).url);
    const { Role } = await createRole(iam, 'taskctl-fn', {
      Path: '/taskctl/',
      Description: 'functions',
      Tags: [{ Key: 'taskctl:stack', Value: 'dev' }],
    });
    expect(Role).toMatchObject({
      RoleName: 'taskctl-fn',
      Path: '/taskctl/',
      Arn: 'arn:aws:iam::123456789012:role/taskctl/taskctl-fn',
      Description: 'functions',
      MaxSessionDuration: 3600,
      Tags: [{ Key: 'taskctl:stack', Value: 'dev' }],
    });
    expect(Role!.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(Role!.CreateDate).toBeInstanceOf(Date);
    // IAM returns policy documents URL-encoded.
    expect(JSON.parse(decodeURIComponent(Role!.AssumeRolePolicyDocument!))).toEqual(JSON.parse(trust));

    await iam.send(
      new PutRolePolicyCommand({ RoleName: 'taskctl-fn', PolicyName: 'logs', PolicyDocument: logsPolicy }),
    );
    await iam.send(new TagRoleCommand({ RoleName: 'taskctl-fn', Tags: [{ Key: 'team', Value: 'core' }] }));

    iam = iamClient((await engines.crashAndRestart()).url);
    const got = await iam.send(new GetRoleCommand({ RoleName: 'taskctl-fn' }));
    expect(got.Role).toMatchObject({ RoleId: Role!.RoleId, Arn: Role!.Arn });
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'taskctl-fn' }))).Tags).toEqual([
      { Key: 'taskctl:stack', Value: 'dev' },
      { Key: 'team', Value: 'core' },
    ]);
    const policy = await iam.send(new GetRolePolicyCommand({ RoleName: 'taskctl-fn', PolicyName: 'logs' }));
    expect(JSON.parse(decodeURIComponent(policy.PolicyDocument!))).toEqual(JSON.parse(logsPolicy));
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'taskctl-fn' }))).PolicyNames).toEqual([
      'logs',
    ]);

    await iam.send(new UntagRoleCommand({ RoleName: 'taskctl-fn', TagKeys: ['team'] }));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'taskctl-fn' }))).Role!.Tags).toEqual([
      { Key: 'taskctl:stack', Value: 'dev' },
    ]);
    const newTrust = trust.replace('lambda.amazonaws.com', 'states.amazonaws.com');
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'taskctl-fn', PolicyDocument: newTrust }));
    const updated = await iam.send(new GetRoleCommand({ RoleName: 'taskctl-fn' }));
    expect(decodeURIComponent(updated.Role!.AssumeRolePolicyDocument!)).toBe(newTrust);

    await expect(iam.send(new DeleteRoleCommand({ RoleName: 'taskctl-fn' }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must delete policies first.',
      $metadata: { httpStatusCode: 409 },
    });
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'taskctl-fn', PolicyName: 'logs' }));
    await expect(
      iam.send(new GetRolePolicyCommand({ RoleName: 'taskctl-fn', PolicyName: 'logs' })),
    ).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The role policy with name logs cannot be found.',
    });
    await iam.send(new DeleteRoleCommand({ RoleName: 'taskctl-fn' }));
    await expect(iam.send(new GetRoleCommand({ RoleName: 'taskctl-fn' }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'The role with name taskctl-fn cannot be found.',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('lists roles by path prefix, a page at a time', async () => {
    const iam = iamClient((await engines.start()).url);
    for (const name of ['list-a', 'list-b', 'list-c']) await createRole(iam, name, { Path: '/paged/' });
    await createRole(iam, 'list-other');
    const names: string[] = [];
    let Marker: string | undefined;
    let pages = 0;
    do {
      const page = await iam.send(new ListRolesCommand({ PathPrefix: '/paged/', MaxItems: 2, Marker }));
      expect(page.Roles!.length).toBeLessThanOrEqual(2);
      expect(page.Roles!.every((r) => r.Tags === undefined)).toBe(true);
      names.push(...page.Roles!.map((r) => r.RoleName!));
      expect(page.IsTruncated).toBe(page.Marker !== undefined);
      Marker = page.Marker;
      pages += 1;
    } while (Marker);
    expect(pages).toBe(2);
    expect(names).toEqual(['list-a', 'list-b', 'list-c']);
    const all = await iam.send(new ListRolesCommand({}));
    expect(all.Roles!.map((r) => r.RoleName)).toContain('list-other');
  });

  it('validates names and policy documents as IAM does', async () => {
    const { url } = await engines.start();
    const iam = iamClient(url);
    await createRole(iam, 'Twice');
    await expect(createRole(iam, 'twice')).rejects.toMatchObject({
      name: 'EntityAlreadyExistsException',
      message: 'Role with name twice already exists.',
      $metadata: { httpStatusCode: 409 },
    });
    await expect(createRole(iam, 'bad name')).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(createRole(iam, 'x'.repeat(65))).rejects.toMatchObject({ name: 'ValidationError' });
    await expect(createRole(iam, 'NotJson', { AssumeRolePolicyDocument: '{nope' })).rejects.toMatchObject({
      name: 'MalformedPolicyDocumentException',
      message: 'This policy contains invalid Json',
    });
    await expect(
      iam.send(
        new PutRolePolicyCommand({
          RoleName: 'Twice',
          PolicyName: 'NoEffect',
          PolicyDocument: JSON.stringify({ Statement: [{ Action: '*', Resource: '*' }] }),
        }),
      ),
    ).rejects.toMatchObject({ name: 'MalformedPolicyDocumentException' });
    await expect(
      iam.send(
        new PutRolePolicyCommand({ RoleName: 'Missing', PolicyName: 'p', PolicyDocument: logsPolicy }),
      ),
    ).rejects.toMatchObject({ name: 'NoSuchEntityException' });

    // Raw Query requests the SDK would never send: answered with XML errors, the engine lives on.
    const post = (body: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    for (const body of [
      'Action=Nope&Version=2010-05-08',
      'Action=CreateRole',
      '%%%&Action=GetRole&RoleName=%ZZ',
      '',
    ]) {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(
        /<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>\w+<\/Code>/,
      );
    }
    expect((await iam.send(new GetRoleCommand({ RoleName: 'Twice' }))).Role!.RoleName).toBe('Twice');
  });
});
