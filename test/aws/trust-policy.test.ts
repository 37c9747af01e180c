import { describe, expect, it } from 'vitest';
import { assumingPrincipals, trustAllows } from '../../src/aws/trust-policy.js';

// Whether a trust policy lets Lambda or Step Functions assume the role (IAM's evaluation: an Allow
// that covers sts:AssumeRole for the service principal, and no Deny that does).

const LAMBDA = assumingPrincipals('lambda', 'eu-west-1');
const STATES = assumingPrincipals('states', 'eu-west-1');
const policy = (...Statement: Record<string, unknown>[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement });
const allow = (Principal: unknown, Action: unknown = 'sts:AssumeRole') => ({
  Effect: 'Allow',
  Principal,
  Action,
});

describe('trustAllows', () => {
  it.each([
    ['the global principal', allow({ Service: 'states.amazonaws.com' }), STATES],
    ['the regional principal', allow({ Service: 'states.eu-west-1.amazonaws.com' }), STATES],
    ['one of several services', allow({ Service: ['ec2.amazonaws.com', 'lambda.amazonaws.com'] }), LAMBDA],
    ['every principal', allow('*'), LAMBDA],
    ['every AWS principal', allow({ AWS: '*' }), STATES],
    [
      'an action wildcard, any case',
      allow({ Service: 'lambda.amazonaws.com' }, ['s3:Get*', 'STS:Assume*']),
      LAMBDA,
    ],
    [
      'an Allow with a Condition',
      {
        ...allow({ Service: 'states.amazonaws.com' }),
        Condition: { StringEquals: { 'aws:SourceAccount': '1' } },
      },
      STATES,
    ],
  ])('allows %s', (_case, statement, principals) => {
    expect(trustAllows(policy(statement), principals)).toBe(true);
  });

  it.each([
    ['another service', policy(allow({ Service: 'lambda.amazonaws.com' })), STATES],
    ["another region's principal", policy(allow({ Service: 'states.us-east-1.amazonaws.com' })), STATES],
    [
      "Lambda's regional name (Lambda takes only the global one)",
      policy(allow({ Service: 'lambda.eu-west-1.amazonaws.com' })),
      LAMBDA,
    ],
    ['another action', policy(allow({ Service: 'lambda.amazonaws.com' }, 'sts:TagSession')), LAMBDA],
    [
      'a Deny that covers it',
      policy(allow('*'), { Effect: 'Deny', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:*' }),
      LAMBDA,
    ],
    ['an account principal only', policy(allow({ AWS: 'arn:aws:iam::123456789012:root' })), LAMBDA],
    ['text that is not JSON', '{', LAMBDA],
  ])('refuses %s', (_case, document, principals) => {
    expect(trustAllows(document, principals)).toBe(false);
  });

  it('leaves out a Deny with a Condition it cannot evaluate', () => {
    const deny = {
      Effect: 'Deny',
      Principal: '*',
      Action: 'sts:AssumeRole',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    };
    expect(trustAllows(policy(allow({ Service: 'lambda.amazonaws.com' }), deny), LAMBDA)).toBe(true);
  });
});
