// The IAM documents deploy writes: the two roles' trust policies and their inline permission
// policies, least privilege. Data only, so docs and other tools can print the same documents.

export const LAMBDA_POLICY_NAME = 'taskctl-lambda-logging';
export const STATES_POLICY_NAME = 'taskctl-states';

export type PolicyDocument = { Version: '2012-10-17'; Statement: Record<string, unknown>[] };

/** A role the given service principal (the global one, e.g. states.amazonaws.com) may assume. */
export const trustPolicy = (service: 'lambda.amazonaws.com' | 'states.amazonaws.com'): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
});

/** The functions' role: write their own logs (what AWSLambdaBasicExecutionRole allows), nothing else. */
export const lambdaLoggingPolicy = (): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: '*',
    },
  ],
});

/**
 * The actions Step Functions needs to deliver execution logs to CloudWatch Logs. AWS documents
 * them on "*": log deliveries have no resource-level permissions.
 */
export const LOG_DELIVERY_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:GetLogDelivery',
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:DescribeResourcePolicies',
  'logs:DescribeLogGroups',
];

/** The state machine's role: invoke exactly these functions (and their versions), and deliver logs. */
export const statesPolicy = (functionArns: readonly string[]): PolicyDocument => ({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: 'lambda:InvokeFunction',
      Resource: functionArns.flatMap((arn) => [arn, `${arn}:*`]),
    },
    { Effect: 'Allow', Action: LOG_DELIVERY_ACTIONS, Resource: '*' },
  ],
});

/** Two policy documents say the same: compared as parsed JSON, not as text. */
export function samePolicy(deployed: string | undefined, wanted: PolicyDocument): boolean {
  if (deployed === undefined) return false;
  try {
    return canonical(JSON.parse(deployed)) === canonical(wanted);
  } catch {
    return false;
  }
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
