import { StartExecutionCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useRestartableEngine } from '../../support/engine.js';
import {
  createMachine,
  fullHistory,
  historyProblems,
  sfnClient,
  waitForTerminal,
} from '../../support/sdk.js';

// Variables and JSONata on a real engine process, through the real SDK. The Task definitions take
// the shape the Developer Guide gives a JSONata lambda:invoke state ("Transforming data with
// JSONata": Arguments with FunctionName and Payload, Output "{% $states.result.Payload %}") and
// its Catch with `$states.errorOutput`; the outputs follow from those documented rules.

const FN = 'arn:aws:lambda:us-east-1:123456789012:function:';
const DOUBLE = `export async function handler(event) {
  if (typeof event.n !== 'number') {
    const error = new Error('no number to double');
    error.name = 'NothingToDouble';
    throw error;
  }
  return { doubled: event.n * 2 };
}
`;

const types = (events: HistoryEvent[]) => events.map((e) => e.type);

describe('variables and JSONata on the engine', () => {
  const engines = useRestartableEngine({ handlers: { 'Double.mjs': DOUBLE }, speed: 100 });
  let url: string | undefined; // one engine for the file, restarted only by the crash test
  const engineUrl = async () => (url ??= (await engines.start()).url);

  it('runs a JSONata lambda:invoke Task with Arguments, Output, Assign, and catches its error', async () => {
    const sfn = sfnClient(await engineUrl());
    const machine = await createMachine(sfn, 'jsonata-task', {
      QueryLanguage: 'JSONata',
      StartAt: 'Lambda Invoke',
      States: {
        'Lambda Invoke': {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Arguments: { FunctionName: `${FN}Double`, Payload: { n: '{% $states.input.value %}' } },
          Output: '{% $states.result.Payload %}',
          Assign: { lastStatus: '{% $states.result.StatusCode %}' },
          Catch: [
            {
              ErrorEquals: ['States.ALL'],
              Assign: { failure: '{% $states.errorOutput.Error %}' },
              Output: { caught: '{% $states.errorOutput.Error %}' },
              Next: 'Report',
            },
          ],
          Next: 'Direct',
        },
        Direct: {
          Type: 'Task',
          Resource: `${FN}Double`,
          Arguments: { n: '{% $states.input.doubled %}' },
          Output: { result: '{% $states.result.doubled %}', status: '{% $lastStatus %}' },
          End: true,
        },
        Report: {
          Type: 'Pass',
          Output: { failure: '{% $failure %}', output: '{% $states.input %}' },
          End: true,
        },
      },
    });

    const ok = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, input: JSON.stringify({ value: 5 }) }),
    );
    const done = await waitForTerminal(sfn, ok.executionArn!);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({ result: 20, status: 200 });
    const events = await fullHistory(sfn, ok.executionArn!);
    expect(historyProblems(events)).toEqual([]);
    const scheduled = events.find((e) => e.type === 'TaskScheduled')!.taskScheduledEventDetails!;
    expect(JSON.parse(scheduled.parameters!)).toEqual({ FunctionName: `${FN}Double`, Payload: { n: 5 } });
    const exited = events.find((e) => e.type === 'TaskStateExited')!.stateExitedEventDetails!;
    expect(exited).toMatchObject({
      output: '{"doubled":10}',
      assignedVariables: { lastStatus: '200' },
      assignedVariablesDetails: { truncated: false },
    });

    const failing = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: machine, input: JSON.stringify({ value: 'five' }) }),
    );
    const caught = await waitForTerminal(sfn, failing.executionArn!);
    expect(caught.status).toBe('SUCCEEDED');
    expect(JSON.parse(caught.output!)).toEqual({
      failure: 'NothingToDouble',
      output: { caught: 'NothingToDouble' },
    });
  }, 30_000);

  it('keeps variables, at the top level and inside a Map iteration, across an engine crash', async () => {
    let sfn = sfnClient(await engineUrl());
    const machine = await createMachine(sfn, 'variables-restart', {
      StartAt: 'Remember',
      States: {
        Remember: { Type: 'Pass', Assign: { 'greeting.$': '$.greeting' }, Next: 'Each' },
        Each: {
          Type: 'Map',
          ItemsPath: '$.names',
          ItemProcessor: {
            StartAt: 'Name',
            States: {
              Name: { Type: 'Pass', Assign: { 'who.$': '$' }, Next: 'Pause' },
              Pause: { Type: 'Wait', Seconds: 150, Next: 'Say' },
              Say: {
                Type: 'Pass',
                Parameters: { 'line.$': "States.Format('{}, {}!', $greeting, $who)" },
                End: true,
              },
            },
          },
          End: true,
        },
      },
    });
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: machine,
        input: JSON.stringify({ greeting: 'Hello', names: ['Ada', 'Grace'] }),
      }),
    );
    // Each iteration waits 1.5 s (150 s at speed 100): the crash lands inside the waits.
    await new Promise((resolve) => setTimeout(resolve, 300));
    url = (await engines.crashAndRestart()).url;
    sfn = sfnClient(url);
    const done = await waitForTerminal(sfn, executionArn!, 20_000);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual([{ line: 'Hello, Ada!' }, { line: 'Hello, Grace!' }]);
    const events = await fullHistory(sfn, executionArn!);
    expect(types(events).filter((t) => t === 'WaitStateEntered')).toHaveLength(2);
    expect(historyProblems(events)).toEqual([]);
  }, 30_000);
});
