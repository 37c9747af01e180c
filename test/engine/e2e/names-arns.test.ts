import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../../support/in-process.js';
import { useTestEngine } from '../../support/engine.js';
import { ROLE_ARN, createMachine, sfnClient, waitForTerminal } from '../../support/sdk.js';

// Names and ARNs the engine once took and then choked on, or took when AWS refuses them.
// Name rules: Step Functions API reference, CreateStateMachine/StartExecution "name" (surrogates
// U+D800-DFFF are refused; length 1-80, counted in code points). ARNs: the API's InvalidArn error.

const passMachine = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
const loneSurrogate = '\udfff';
const emoji = '😀';

describe('names and ARNs as AWS checks them', () => {
  const engine = useTestEngine({ speed: 100 });

  it('refuses a lone-surrogate execution name with InvalidName and keeps serving', async () => {
    const sfn = sfnClient(engine().url);
    const machine = await createMachine(sfn, 'surrogates', passMachine);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: loneSurrogate })),
    ).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: `ok${'\ud83d'}` })),
    ).rejects.toMatchObject({ name: 'InvalidName' });

    // The engine is still up and still runs executions.
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, name: 'after' }),
    );
    expect((await waitForTerminal(sfn, executionArn!)).status).toBe('SUCCEEDED');
  });

  it('refuses a lone-surrogate state machine name with InvalidName, creating nothing', async () => {
    const sfn = sfnClient(engine().url);
    await expect(
      sfn.send(
        new CreateStateMachineCommand({
          name: `m${loneSurrogate}`,
          definition: JSON.stringify(passMachine),
          roleArn: ROLE_ARN,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidName' });
    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines!.map((m) => m.name)).not.toContain(`m${loneSurrogate}`);
  });

  it('takes a name of 80 emoji from the SDK and from the CLI, and refuses 81 in both', async () => {
    const sfn = sfnClient(engine().url);
    const machine = await createMachine(sfn, 'emoji', passMachine);
    const viaSdk = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, name: `${emoji.repeat(79)}s` }),
    );
    expect((await waitForTerminal(sfn, viaSdk.executionArn!)).name).toBe(`${emoji.repeat(79)}s`);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machine, name: emoji.repeat(81) })),
    ).rejects.toMatchObject({ name: 'ValidationException' });

    const env = engine().env;
    const accepted = await runInProcess(
      ['submit', '{}', '--state-machine', 'emoji', '--name', emoji.repeat(80)],
      {
        env,
      },
    );
    expect(accepted.code).toBe(0);
    expect(accepted.stdout.trim()).toBe(
      `arn:aws:states:us-east-1:123456789012:execution:emoji:${emoji.repeat(80)}`,
    );
    const refused = await runInProcess(
      ['submit', '{}', '--state-machine', 'emoji', '--name', emoji.repeat(81)],
      {
        env,
      },
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is 81 characters long; the limit is 80/);
  }, 60_000);

  it('refuses ARNs of another region or account with InvalidArn, even when the name exists here', async () => {
    const sfn = sfnClient(engine().url);
    const machine = await createMachine(sfn, 'scoped', passMachine);
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, name: 'here' }),
    );
    await waitForTerminal(sfn, executionArn!);

    const elsewhere = [
      executionArn!.replace(':us-east-1:', ':eu-west-1:'),
      executionArn!.replace(':123456789012:', ':111122223333:'),
    ];
    for (const arn of elsewhere) {
      await expect(sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).rejects.toMatchObject({
        name: 'InvalidArn',
      });
    }
    await expect(
      sfn.send(
        new StartExecutionCommand({ stateMachineArn: machine.replace(':123456789012:', ':111122223333:') }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidArn' });
    // The same ARN in the engine's own region and account still answers.
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('SUCCEEDED');
  });
});
