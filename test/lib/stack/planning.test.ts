import { describe, expect, it } from 'vitest';
import { deterministicZip, packageHandler, sha256Base64 } from '../../../src/lib/stack/code.js';
import { functionChanges, planFunction, type WantedFunction } from '../../../src/lib/stack/functions.js';
import { fitName, stackNames } from '../../../src/lib/stack/names.js';
import { actionFor } from '../../../src/lib/stack/plan.js';
import { samePolicy, statesPolicy, trustPolicy } from '../../../src/lib/stack/policies.js';
import { planRole, type WantedRole } from '../../../src/lib/stack/roles.js';

// Planning is pure: given what is deployed and what is wanted, what must change.

const ROLE = 'arn:aws:iam::123456789012:role/r';

async function wantedFunction(): Promise<WantedFunction> {
  return {
    handler: 'CreateTask',
    name: 'CreateTask',
    code: await packageHandler('CreateTask'),
    runtime: 'nodejs22.x',
    timeout: 30,
    memorySize: 128,
    tags: { 'taskctl:stack': 'taskctl-tasks' },
  };
}

describe('deterministic packages', () => {
  it('gives the same bytes for the same file, and different bytes for a different one', async () => {
    const a = await deterministicZip('CreateTask.mjs', new TextEncoder().encode('export const handler = 1;'));
    const b = await deterministicZip('CreateTask.mjs', new TextEncoder().encode('export const handler = 1;'));
    const c = await deterministicZip('CreateTask.mjs', new TextEncoder().encode('export const handler = 2;'));
    expect(sha256Base64(a)).toBe(sha256Base64(b));
    expect(sha256Base64(c)).not.toBe(sha256Base64(a));
    const bundled = [await packageHandler('CreateTask'), await packageHandler('CreateTask')];
    expect(bundled[0].codeSha256).toBe(bundled[1].codeSha256);
    expect(bundled[0].lambdaHandler).toBe('CreateTask.handler');
  });
});

describe('function plans', () => {
  it('is unchanged when code, configuration, role and tags all match, and names what differs otherwise', async () => {
    const wanted = await wantedFunction();
    const deployed = {
      configuration: {
        CodeSha256: wanted.code.codeSha256,
        Runtime: 'nodejs22.x' as const,
        Handler: 'CreateTask.handler',
        Timeout: 30,
        MemorySize: 128,
        Role: ROLE,
        FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:CreateTask',
      },
      tags: { 'taskctl:stack': 'taskctl-tasks' },
    };
    expect(planFunction('CreateTask', wanted, deployed, ROLE)).toMatchObject({
      action: 'unchanged',
      changes: [],
    });
    const changed = {
      ...deployed,
      configuration: { ...deployed.configuration, CodeSha256: 'x', Timeout: 3 },
    };
    expect(functionChanges(changed, wanted, ROLE)).toEqual(['code', 'configuration']);
    expect(functionChanges(deployed, wanted, 'arn:aws:iam::123456789012:role/other')).toEqual(['role']);
    expect(functionChanges({ ...deployed, tags: {} }, wanted, ROLE)).toEqual(['tags']);
    expect(planFunction('CreateTask', wanted, undefined, undefined)).toMatchObject({ action: 'create' });
  });
});

describe('role plans', () => {
  const wanted: WantedRole = {
    resource: 'StatesRole',
    name: 'r',
    description: 'd',
    trust: trustPolicy('states.amazonaws.com'),
    policyName: 'p',
    policy: statesPolicy(['arn:aws:lambda:us-east-1:1:function:A']),
    tags: { 'taskctl:stack': 's' },
  };

  it('compares policy documents as JSON: key order and spacing do not matter, content does', () => {
    const reordered = JSON.stringify({ Statement: wanted.trust.Statement, Version: '2012-10-17' }, null, 2);
    expect(samePolicy(reordered, wanted.trust)).toBe(true);
    expect(samePolicy(JSON.stringify(trustPolicy('lambda.amazonaws.com')), wanted.trust)).toBe(false);
    const role = { arn: ROLE, trustPolicy: reordered, tags: { 'taskctl:stack': 's' } };
    expect(planRole(wanted, { role, policy: JSON.stringify(wanted.policy) })).toMatchObject({
      action: 'unchanged',
    });
    expect(planRole(wanted, { role, policy: undefined })).toMatchObject({
      action: 'update',
      changes: ['permission policy'],
    });
    expect(planRole(wanted, {})).toMatchObject({ action: 'create', changes: [] });
  });

  it('lets the state machine invoke exactly its functions and their versions', () => {
    expect(statesPolicy(['arn:f']).Statement[0]).toEqual({
      Effect: 'Allow',
      Action: 'lambda:InvokeFunction',
      Resource: ['arn:f', 'arn:f:*'],
    });
  });
});

describe('names', () => {
  it('keeps the handler names for the default stack, prefixes other stacks, and fits IAM limits', () => {
    expect(stackNames('taskctl-tasks', 'us-east-1').functions.CreateTask).toBe('CreateTask');
    expect(stackNames('orders', 'eu-west-1')).toMatchObject({
      functions: { CreateTask: 'orders-CreateTask' },
      lambdaRole: 'orders-eu-west-1-lambda',
      logGroup: '/aws/vendedlogs/states/orders',
    });
    const long = stackNames('x'.repeat(80), 'ap-southeast-2');
    expect(long.lambdaRole.length).toBe(64);
    expect(long.lambdaRole).not.toBe(long.statesRole);
    expect(fitName('short', 64)).toBe('short');
    expect(actionFor(true, [])).toBe('unchanged');
  });
});
