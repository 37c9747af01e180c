import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useTestEngine } from '../../support/engine.js';
import {
  createMachine,
  fullHistory,
  historyProblems,
  sfnClient,
  waitForTerminal,
} from '../../support/sdk.js';

// A Task's TimeoutSeconds stops a handler that runs too long: LambdaFunctionTimedOut with
// States.Timeout, which Retry and Catch see like any other error.

const SLEEPY = `export async function handler() {
  await new Promise((resolve) => setTimeout(resolve, 5000));
  return { woke: true };
}
`;

const machine = {
  StartAt: 'Nap',
  States: {
    Nap: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Sleepy',
      TimeoutSeconds: 2,
      Retry: [{ ErrorEquals: ['States.Timeout'], IntervalSeconds: 1, MaxAttempts: 1 }],
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'GaveUp' }],
      End: true,
    },
    GaveUp: { Type: 'Pass', End: true },
  },
};

describe('task timeouts', () => {
  // TimeoutSeconds 2 at --speed 10: each attempt is stopped after 0.2 s.
  const engine = useTestEngine({ speed: 10, handlers: { 'Sleepy.mjs': SLEEPY } });

  it('times the invocation out, retries it, then catches States.Timeout', async () => {
    const sfn = sfnClient(engine().url);
    const arn = await createMachine(sfn, 'sleepy', machine);
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{}' }));
    const done = await waitForTerminal(sfn, executionArn!);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!).timeout).toMatchObject({ Error: 'States.Timeout' });
    const events = await fullHistory(sfn, executionArn!);
    expect(historyProblems(events)).toEqual([]);
    const timedOut = events.filter((e) => e.type === 'LambdaFunctionTimedOut');
    expect(timedOut).toHaveLength(2);
    expect(timedOut[0].lambdaFunctionTimedOutEventDetails?.error).toBe('States.Timeout');
    const scheduled = events.find((e) => e.type === 'LambdaFunctionScheduled');
    expect(scheduled?.lambdaFunctionScheduledEventDetails?.timeoutInSeconds).toBe(2);
  });
});
