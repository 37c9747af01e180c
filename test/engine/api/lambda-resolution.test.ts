import { GetFunctionCommand, InvokeCommand, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { StartExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useRestartableEngine } from '../../support/engine.js';
import { createMachine, sfnClient, waitForTerminal } from '../../support/sdk.js';
import { CreateFunctionCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { FUNCTION_ROLE, lambdaClient, zipOf } from './clients.js';

// Which code a Task runs for function NAME: `--handlers DIR`, then code uploaded through the
// Lambda API, then the bundled handlers — and uploaded code survives a restart.

const says = (text: string) =>
  zipOf({
    'index.mjs': `export const handler = async (event) => ({ from: ${JSON.stringify(text)}, event });`,
  });

async function upload(lambda: LambdaClient, name: string, text: string) {
  await lambda.send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: FUNCTION_ROLE,
      Handler: 'index.handler',
      Code: { ZipFile: says(text) },
    }),
  );
}

async function runTask(sfn: SFNClient, machine: string, functionName: string): Promise<unknown> {
  const arn = await createMachine(sfn, machine, {
    StartAt: 'Call',
    States: {
      Call: {
        Type: 'Task',
        Resource: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
        End: true,
      },
    },
  });
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify({ ask: functionName }) }),
  );
  const done = await waitForTerminal(sfn, executionArn!);
  expect(done.status).toBe('SUCCEEDED');
  return JSON.parse(done.output!);
}

describe('Lambda handler resolution', () => {
  const engines = useRestartableEngine({
    handlers: { 'Local.mjs': `export const handler = async (event) => ({ from: 'handlers dir', event });` },
  });

  it('runs uploaded code for a Task, after --handlers and before the bundled handlers', async () => {
    const engine = await engines.start();
    const lambda = lambdaClient(engine.url);
    const sfn = sfnClient(engine.url);

    await upload(lambda, 'Uploaded', 'uploaded v1');
    expect(await runTask(sfn, 'uses-uploaded', 'Uploaded')).toEqual({
      from: 'uploaded v1',
      event: { ask: 'Uploaded' },
    });

    // --handlers DIR wins over uploaded code of the same name.
    await upload(lambda, 'Local', 'uploaded local');
    expect(await runTask(sfn, 'uses-local', 'Local')).toEqual({
      from: 'handlers dir',
      event: { ask: 'Local' },
    });

    // Uploaded code wins over a bundled handler of the same name.
    await upload(lambda, 'CreateTask', 'uploaded CreateTask');
    expect(await runTask(sfn, 'uses-bundled-name', 'CreateTask')).toEqual({
      from: 'uploaded CreateTask',
      event: { ask: 'CreateTask' },
    });

    // New code replaces the warm environment for the next invocation.
    await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'Uploaded', ZipFile: says('uploaded v2') }),
    );
    expect(await runTask(sfn, 'uses-uploaded-v2', 'Uploaded')).toEqual({
      from: 'uploaded v2',
      event: { ask: 'Uploaded' },
    });
  });

  it('keeps functions and their code across a crash', async () => {
    const engine = await engines.crashAndRestart();
    const lambda = lambdaClient(engine.url);
    const got = await lambda.send(new GetFunctionCommand({ FunctionName: 'Uploaded' }));
    expect(got.Configuration?.State).toBe('Active');
    const result = await lambda.send(
      new InvokeCommand({ FunctionName: 'Uploaded', Payload: Buffer.from('{"again":true}') }),
    );
    expect(JSON.parse(Buffer.from(result.Payload!).toString())).toEqual({
      from: 'uploaded v2',
      event: { again: true },
    });
  });
});
