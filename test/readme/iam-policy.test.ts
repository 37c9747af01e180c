import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

// The README's policy for the identity that deploys must be a valid policy document and grant
// every action the SDK wrapper can send on deploy's and destroy's behalf. The actions are read
// from the wrapper's source (the SDK commands and paginators it loads, by client package), so a
// new call fails here until the README grants it.

const SERVICE_PREFIX: Record<string, string> = {
  sfn: 'states',
  lambda: 'lambda',
  iam: 'iam',
  'cloudwatch-logs': 'logs',
};

/** Operations of the commands that operate executions, not deploy/destroy (README: per command). */
const OPERATING_ONLY = new Set([
  'states:StartExecution',
  'states:StopExecution',
  'states:DescribeExecution',
  'states:DescribeStateMachineForExecution',
  'states:GetExecutionHistory',
  'states:ListExecutions',
  'states:RedriveExecution',
  'states:SendTaskSuccess',
  'states:SendTaskFailure',
  'states:SendTaskHeartbeat',
  'logs:FilterLogEvents',
  'logs:GetLogEvents',
  'lambda:Invoke',
]);

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, unknown>;
}

function readmePolicy(): { Version: string; Statement: Statement[] } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### The IAM permissions deploy needs'));
  const block = /```json\n([\s\S]*?)\n```/.exec(section);
  if (!block) throw new Error('README.md: no ```json policy under "### The IAM permissions deploy needs"');
  return JSON.parse(block[1]) as { Version: string; Statement: Statement[] };
}

/** `service:Operation` for every SDK command and paginator src/lib/sdk loads. */
function wrapperActions(): string[] {
  const dir = join(ROOT, 'src/lib/sdk');
  const actions = new Set<string>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts'))) {
    const source = readFileSync(join(dir, file), 'utf8');
    const client = /['"]@aws-sdk\/client-([a-z-]+)['"]/.exec(source)?.[1];
    if (!client) continue;
    const prefix = SERVICE_PREFIX[client];
    if (!prefix)
      throw new Error(`src/lib/sdk/${file} loads @aws-sdk/client-${client}: add its IAM prefix here`);
    for (const [, operation] of source.matchAll(/\b([A-Z][A-Za-z]+)Command\b/g))
      actions.add(`${prefix}:${operation}`);
    for (const [, operation] of source.matchAll(/\bpaginate([A-Z][A-Za-z]+)\b/g))
      actions.add(`${prefix}:${operation}`);
  }
  return [...actions].sort();
}

const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);

describe("README's IAM policy for deploy and destroy", () => {
  it('is a policy document: version, Allow statements with actions and resources', () => {
    const policy = readmePolicy();
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement.length).toBeGreaterThan(0);
    for (const statement of policy.Statement) {
      expect(statement.Effect).toBe('Allow');
      for (const action of list(statement.Action))
        expect(action).toMatch(/^(states|lambda|iam|logs):[A-Z][A-Za-z]+$/);
      for (const resource of list(statement.Resource)) expect(resource).toMatch(/^(\*|arn:aws:)/);
    }
  });

  it('grants every action the SDK wrapper sends for deploy and destroy', () => {
    const granted = new Set(readmePolicy().Statement.flatMap((statement) => list(statement.Action)));
    const needed = wrapperActions().filter((action) => !OPERATING_ONLY.has(action));
    expect(needed).toContain('states:CreateStateMachine');
    expect(needed.filter((action) => !granted.has(action))).toEqual([]);
  });

  it('passes roles only to Lambda and Step Functions', () => {
    const passing = readmePolicy().Statement.filter((statement) =>
      list(statement.Action).includes('iam:PassRole'),
    );
    expect(passing).toHaveLength(1);
    expect(passing[0].Condition).toEqual({
      StringEquals: { 'iam:PassedToService': ['lambda.amazonaws.com', 'states.amazonaws.com'] },
    });
  });
});
