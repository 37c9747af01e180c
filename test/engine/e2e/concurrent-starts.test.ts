import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useInProcessEngine } from '../../support/in-process-engine.js';
import { createMachine, listAllExecutions, sfnClient } from '../../support/sdk.js';

// Starts that arrive together are committed together (one transaction per turn of the engine's
// event loop); each must still be answered as if it were alone: a name taken by another start of
// the same commit is the same task (same input) or ExecutionAlreadyExists, and each started
// execution takes its first step.

describe('concurrent StartExecution requests', () => {
  const engine = useInProcessEngine();

  it('start one execution per name, however many requests name it at once', async () => {
    const sfn = sfnClient(engine().url);
    const stateMachineArn = await createMachine(sfn, 'together', {
      StartAt: 'Park',
      States: { Park: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    const start = (name: string, input: string) =>
      sfn.send(new StartExecutionCommand({ stateMachineArn, name, input })).then(
        (output) => ({ arn: output.executionArn }),
        (error: Error) => ({ error: error.name }),
      );
    const outcomes = await Promise.all([
      ...Array.from({ length: 8 }, () => start('same-input', '{"n":1}')),
      ...Array.from({ length: 8 }, (_, i) => start('other-input', JSON.stringify({ n: i }))),
      ...Array.from({ length: 16 }, (_, i) => start(`own-${i}`, '{}')),
    ]);

    const same = outcomes.slice(0, 8);
    expect(new Set(same.map((o) => ('arn' in o ? o.arn : o.error))).size).toBe(1);
    expect(same[0]).toHaveProperty('arn', expect.stringMatching(/:execution:together:same-input$/));
    const other = outcomes.slice(8, 16);
    expect(other.filter((o) => 'arn' in o)).toHaveLength(1);
    expect(other.filter((o) => 'error' in o && o.error === 'ExecutionAlreadyExists')).toHaveLength(7);
    expect(outcomes.slice(16).every((o) => 'arn' in o)).toBe(true);

    const executions = await listAllExecutions(sfn, stateMachineArn);
    expect(executions).toHaveLength(18);
    // Each took its first step: started, then entered its Wait state.
    for (const { executionArn } of executions) {
      const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      expect(events!.map((e) => e.type)).toEqual(['ExecutionStarted', 'WaitStateEntered']);
    }
  });

  it('a start that arrives with DeleteStateMachine is refused or aborted with it, never left running', async () => {
    const sfn = sfnClient(engine().url);
    for (let round = 0; round < 5; round++) {
      const stateMachineArn = await createMachine(sfn, `doomed-${round}`, {
        StartAt: 'Park',
        States: { Park: { Type: 'Wait', Seconds: 3600, End: true } },
      });
      // Written in one go on two open connections, so the engine reads both in one turn of its
      // event loop: the start is checked first and committed with the next tick, after the delete.
      const [startAnswer, deleteAnswer] = await rawTogether(engine().url, [
        ['StartExecution', { stateMachineArn, name: 'late', input: '{}' }],
        ['DeleteStateMachine', { stateMachineArn }],
      ]);
      expect(deleteAnswer.status).toBe(200);
      if (startAnswer.status !== 200) {
        expect(JSON.parse(startAnswer.body).__type).toMatch(/StateMachineDoesNotExist/);
        continue;
      }
      const { executionArn } = JSON.parse(startAnswer.body) as { executionArn: string };
      const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(status, `round ${round}`).toBe('ABORTED');
    }
  });
});

/** Sends each request on its own open connection, all written in one synchronous block. */
async function rawTogether(
  url: string,
  requests: [operation: string, body: object][],
): Promise<{ status: number; body: string }[]> {
  const { port } = new URL(url);
  const sockets = await Promise.all(
    requests.map(
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect(Number(port), '127.0.0.1', () => resolve(socket));
          socket.once('error', reject);
        }),
    ),
  );
  const answers = sockets.map(
    (socket) =>
      new Promise<{ status: number; body: string }>((resolve) => {
        let text = '';
        socket.setEncoding('utf8').on('data', (chunk: string) => {
          text += chunk;
          const [head, body = ''] = text.split('\r\n\r\n');
          const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? NaN);
          if (Buffer.byteLength(body) >= length) {
            socket.destroy();
            resolve({ status: Number(head.split(' ')[1]), body });
          }
        });
      }),
  );
  requests.forEach(([operation, body], i) => {
    const payload = JSON.stringify(body);
    sockets[i].write(
      `POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-amz-json-1.0\r\n` +
        `X-Amz-Target: AWSStepFunctions.${operation}\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
    );
  });
  return Promise.all(answers);
}
