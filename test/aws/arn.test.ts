import { describe, expect, it } from 'vitest';
import {
  executionArn,
  executionArnFor,
  executionNameOf,
  formatStatesArn,
  inScope,
  isLambdaInvokeArn,
  isRoleArn,
  lambdaFunctionArn,
  lambdaFunctionNameOf,
  logGroupArn,
  parseLambdaFunctionArn,
  parseLogGroupArn,
  parseStatesArn,
  stateMachineArn,
  stateMachineNameOf,
} from '../../src/aws/arn.js';

const scope = { region: 'us-east-1', accountId: '123456789012' };

// Formats from the Service Authorization Reference, "Actions, resources, and condition keys for
// AWS Step Functions" (resource types activity, execution, stateMachine, stateMachineVersion,
// stateMachineAlias) and the StartExecution API reference (unqualified, version and alias ARNs).
describe('Step Functions ARNs', () => {
  it.each([
    'arn:aws:states:us-east-1:123456789012:stateMachine:orders',
    'arn:aws:states:eu-west-1:111122223333:stateMachine:orders:3',
    'arn:aws:states:eu-west-1:111122223333:stateMachine:orders:PROD',
    'arn:aws:states:us-east-1:123456789012:execution:orders:o-42',
    'arn:aws:states:us-east-1:123456789012:activity:approve',
    'arn:aws-us-gov:states:us-gov-west-1:123456789012:stateMachine:orders',
    'arn:aws-cn:states:cn-north-1:123456789012:execution:orders:😀',
  ])('parses and formats %s back to itself', (arn) => {
    const parsed = parseStatesArn(arn);
    expect(parsed).toBeDefined();
    expect(formatStatesArn(parsed!)).toBe(arn);
  });

  it('splits an ARN into its parts', () => {
    expect(parseStatesArn('arn:aws:states:eu-west-1:111122223333:execution:orders:o-42')).toEqual({
      kind: 'execution',
      partition: 'aws',
      region: 'eu-west-1',
      accountId: '111122223333',
      stateMachine: 'orders',
      execution: 'o-42',
    });
    expect(parseStatesArn('arn:aws:states:eu-west-1:111122223333:stateMachine:orders:7')).toMatchObject({
      kind: 'stateMachine',
      stateMachine: 'orders',
      version: 7,
    });
    expect(parseStatesArn('arn:aws:states:eu-west-1:111122223333:stateMachine:orders:PROD')).toMatchObject({
      alias: 'PROD',
    });
  });

  it.each([
    ['not an ARN', 'orders'],
    ['another service', 'arn:aws:lambda:us-east-1:123456789012:function:orders'],
    ['an account that is not 12 digits', 'arn:aws:states:us-east-1:1:stateMachine:x'],
    ['no region', 'arn:aws:states::123456789012:stateMachine:x'],
    ['an unknown partition', 'arn:gcp:states:us-east-1:123456789012:stateMachine:x'],
    ['an execution without a name', 'arn:aws:states:us-east-1:123456789012:execution:orders'],
    ['an execution with a qualifier', 'arn:aws:states:us-east-1:123456789012:execution:orders:a:b'],
    ['an unknown resource type', 'arn:aws:states:us-east-1:123456789012:mapRun:orders:x'],
    ['an empty name', 'arn:aws:states:us-east-1:123456789012:stateMachine:'],
  ])('refuses %s', (_, arn) => {
    expect(parseStatesArn(arn)).toBeUndefined();
  });

  it('builds the ARNs the service returns', () => {
    expect(stateMachineArn(scope, 'orders')).toBe(
      'arn:aws:states:us-east-1:123456789012:stateMachine:orders',
    );
    expect(executionArn({ ...scope, partition: 'aws-cn' }, 'orders', 'o-1')).toBe(
      'arn:aws-cn:states:us-east-1:123456789012:execution:orders:o-1',
    );
  });

  it('names executions under the unqualified state machine, whichever ARN started them', () => {
    const execution = 'arn:aws:states:us-east-1:123456789012:execution:orders:o-1';
    expect(executionArnFor('arn:aws:states:us-east-1:123456789012:stateMachine:orders', 'o-1')).toBe(
      execution,
    );
    expect(executionArnFor('arn:aws:states:us-east-1:123456789012:stateMachine:orders:3', 'o-1')).toBe(
      execution,
    );
    expect(executionArnFor('arn:aws:states:us-east-1:123456789012:stateMachine:orders:PROD', 'o-1')).toBe(
      execution,
    );
    expect(executionArnFor(execution, 'o-2')).toBeUndefined();
  });

  it('finds the state machine and execution names without splitting by hand', () => {
    expect(stateMachineNameOf('arn:aws:states:us-east-1:123456789012:stateMachine:orders:3')).toBe('orders');
    expect(stateMachineNameOf('arn:aws:states:us-east-1:123456789012:execution:orders:o-1')).toBe('orders');
    expect(executionNameOf('arn:aws:states:us-east-1:123456789012:execution:orders:o-1')).toBe('o-1');
    expect(executionNameOf('arn:aws:states:us-east-1:123456789012:stateMachine:orders')).toBeUndefined();
  });

  it('tells whether an ARN is in a region and account', () => {
    const arn = parseStatesArn('arn:aws:states:us-east-1:123456789012:stateMachine:orders')!;
    expect(inScope(arn, scope)).toBe(true);
    expect(inScope(arn, { ...scope, region: 'eu-west-1' })).toBe(false);
    expect(inScope(arn, { ...scope, accountId: '111122223333' })).toBe(false);
    expect(inScope(arn, { ...scope, partition: 'aws-cn' })).toBe(false);
  });

  it('recognises the Lambda Invoke integration', () => {
    expect(isLambdaInvokeArn('arn:aws:states:::lambda:invoke')).toBe(true);
    expect(isLambdaInvokeArn('arn:aws:states:::lambda:invoke.waitForTaskToken')).toBe(false);
    expect(isLambdaInvokeArn('arn:aws:states:::sqs:sendMessage')).toBe(false);
  });
});

// Lambda API reference, Invoke: FunctionName is a name (my-function, my-function:v1), a function
// ARN (arn:aws:lambda:us-west-2:123456789012:function:my-function) or a partial ARN
// (123456789012:function:my-function); names are 1-64 letters, digits, hyphens, underscores.
describe('Lambda function ARNs', () => {
  it('round-trips a function ARN, with and without a qualifier', () => {
    const plain = lambdaFunctionArn(scope, 'CreateTask');
    expect(plain).toBe('arn:aws:lambda:us-east-1:123456789012:function:CreateTask');
    expect(parseLambdaFunctionArn(plain)).toEqual({ partition: 'aws', ...scope, functionName: 'CreateTask' });
    const qualified = lambdaFunctionArn(scope, 'CreateTask', '$LATEST');
    expect(parseLambdaFunctionArn(qualified)).toMatchObject({
      functionName: 'CreateTask',
      qualifier: '$LATEST',
    });
  });

  it.each([
    ['my-function', 'my-function'],
    ['my-function:v1', 'my-function'],
    ['123456789012:function:my-function', 'my-function'],
    ['arn:aws:lambda:us-west-2:123456789012:function:my-function', 'my-function'],
    ['arn:aws:lambda:us-west-2:123456789012:function:my-function:PROD', 'my-function'],
  ])('takes the function name from %s', (nameOrArn, name) => {
    expect(lambdaFunctionNameOf(nameOrArn)).toBe(name);
  });

  it.each([
    'x'.repeat(65),
    'my function',
    'a:b:c',
    'arn:aws:lambda:us-west-2:123456789012:layer:my-layer',
    'arn:aws:lambda:us-west-2:1234:function:my-function',
  ])('refuses %s', (nameOrArn) => {
    expect(lambdaFunctionNameOf(nameOrArn)).toBeUndefined();
  });
});

// CloudWatch Logs API reference, CreateLogGroup: logGroupName is 1-512 characters matching
// [\.\-_/#A-Za-z0-9]+; LogGroup.arn ends in :* (the form Step Functions logging takes).
describe('log group ARNs', () => {
  it('round-trips a log group ARN', () => {
    const arn = logGroupArn(scope, '/aws/vendedlogs/states/orders', { wildcard: true });
    expect(arn).toBe('arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/orders:*');
    expect(parseLogGroupArn(arn)).toEqual({
      partition: 'aws',
      ...scope,
      logGroupName: '/aws/vendedlogs/states/orders',
      wildcard: true,
    });
    expect(parseLogGroupArn(logGroupArn(scope, 'x'))).toMatchObject({ logGroupName: 'x', wildcard: false });
  });

  it.each([
    'arn:aws:logs:us-east-1:123456789012:log-group:has space:*',
    'arn:aws:logs:us-east-1:123456789012:log-group::*',
    `arn:aws:logs:us-east-1:123456789012:log-group:${'a'.repeat(513)}:*`,
    'arn:aws:logs:us-east-1:123456789012:log-stream:x',
  ])('refuses %s', (arn) => {
    expect(parseLogGroupArn(arn)).toBeUndefined();
  });
});

// IAM User Guide, "IAM identifiers": arn:aws:iam::account:role/path/name (IAM ARNs have no region).
describe('IAM role ARNs', () => {
  it('accepts roles with and without a path, and refuses a region or another resource', () => {
    expect(isRoleArn('arn:aws:iam::123456789012:role/taskctl')).toBe(true);
    expect(isRoleArn('arn:aws:iam::123456789012:role/service-role/taskctl+sfn')).toBe(true);
    expect(isRoleArn('arn:aws:iam:us-east-1:123456789012:role/taskctl')).toBe(false);
    expect(isRoleArn('arn:aws:iam::123456789012:user/taskctl')).toBe(false);
  });
});
