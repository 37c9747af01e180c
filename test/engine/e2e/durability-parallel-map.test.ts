import { ListExecutionsCommand, StartExecutionCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { useRestartableEngine } from '../../support/engine.js';
import { SLOW_HANDLER } from '../../support/handlers.js';
import {
  createMachine,
  fullHistory,
  historyProblems,
  sfnClient,
  waitForTerminal,
} from '../../support/sdk.js';

// SIGKILL the engine while Parallel branches and Map iterations are mid-flight (in task
// invocations and waits), restart it on the same data dir, and check every execution
// finishes with the right output and a history that is contiguous, has one terminal event,
// and records each branch/iteration's start and end exactly once.

const SLOW = 'arn:aws:lambda:us-east-1:123456789012:function:Slow';

const parallel = {
  StartAt: 'Fan',
  States: {
    Fan: {
      Type: 'Parallel',
      End: true,
      Branches: [
        {
          StartAt: 'A1',
          States: {
            A1: { Type: 'Task', Resource: SLOW, Next: 'APause' },
            APause: { Type: 'Wait', Seconds: 2, Next: 'A2' },
            A2: { Type: 'Task', Resource: SLOW, End: true },
          },
        },
        {
          StartAt: 'BPause',
          States: {
            BPause: { Type: 'Wait', Seconds: 3, Next: 'B1' },
            B1: { Type: 'Task', Resource: SLOW, End: true },
          },
        },
      ],
    },
  },
};

const map = {
  StartAt: 'Each',
  States: {
    Each: {
      Type: 'Map',
      MaxConcurrency: 2,
      ItemSelector: { 'item.$': '$$.Map.Item.Value' },
      ItemProcessor: {
        StartAt: 'Work',
        States: {
          Work: { Type: 'Task', Resource: SLOW, Next: 'Pause' },
          Pause: { Type: 'Wait', Seconds: 1, Next: 'Again' },
          Again: { Type: 'Task', Resource: SLOW, End: true },
        },
      },
      End: true,
    },
  },
};

const count = (events: HistoryEvent[], type: string) => events.filter((e) => e.type === type).length;

describe('Parallel and Map durability across a crash', () => {
  const engines = useRestartableEngine({ handlers: { 'Slow.mjs': SLOW_HANDLER }, speed: 10 });

  it('resumes branches and iterations from their last committed step after SIGKILL', async () => {
    let sfn = sfnClient((await engines.start()).url);
    const parallelMachine = await createMachine(sfn, 'crash-parallel', parallel);
    const mapMachine = await createMachine(sfn, 'crash-map', map);
    const arns: { arn: string; kind: 'parallel' | 'map' }[] = [];
    for (let i = 0; i < 4; i++) {
      const p = await sfn.send(
        new StartExecutionCommand({ stateMachineArn: parallelMachine, name: `p-${i}` }),
      );
      arns.push({ arn: p.executionArn!, kind: 'parallel' });
      const m = await sfn.send(
        new StartExecutionCommand({ stateMachineArn: mapMachine, name: `m-${i}`, input: '[1,2,3,4,5]' }),
      );
      arns.push({ arn: m.executionArn!, kind: 'map' });
    }
    await new Promise((resolve) => setTimeout(resolve, 450));
    for (const machine of [parallelMachine, mapMachine]) {
      const running = await sfn.send(
        new ListExecutionsCommand({ stateMachineArn: machine, statusFilter: 'RUNNING' }),
      );
      expect(running.executions!.length).toBe(4); // the crash really is mid-flight
    }

    sfn = sfnClient((await engines.crashAndRestart()).url);

    for (const { arn, kind } of arns) {
      const done = await waitForTerminal(sfn, arn, 30_000);
      expect({ arn, status: done.status }).toEqual({ arn, status: 'SUCCEEDED' });
      const events = await fullHistory(sfn, arn);
      expect({ arn, problems: historyProblems(events) }).toEqual({ arn, problems: [] });
      if (kind === 'parallel') {
        expect(JSON.parse(done.output!)).toEqual([{ steps: 2 }, { steps: 1 }]);
        expect(count(events, 'ParallelStateStarted')).toBe(1);
        expect(count(events, 'ParallelStateSucceeded')).toBe(1);
        expect(count(events, 'TaskStateExited')).toBe(3);
      } else {
        expect(JSON.parse(done.output!)).toEqual([1, 2, 3, 4, 5].map((item) => ({ item, steps: 2 })));
        const indexes = (
          type: string,
          key: 'mapIterationStartedEventDetails' | 'mapIterationSucceededEventDetails',
        ) =>
          events
            .filter((e) => e.type === type)
            .map((e) => e[key]!.index)
            .sort();
        expect(indexes('MapIterationStarted', 'mapIterationStartedEventDetails')).toEqual([0, 1, 2, 3, 4]);
        expect(indexes('MapIterationSucceeded', 'mapIterationSucceededEventDetails')).toEqual([
          0, 1, 2, 3, 4,
        ]);
        expect(count(events, 'TaskStateExited')).toBe(10);
      }
    }
  }, 60_000);
});
