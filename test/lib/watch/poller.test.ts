import { StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { HistoryPoller } from '../../../src/lib/watch/poller.js';
import { useTestEngine } from '../../support/engine.js';
import { createMachine, fullHistory } from '../../support/sdk.js';
import { countingService } from './support.js';

// The poller against the real engine through the real SDK wrapper: after the first read, one
// GetExecutionHistory call per poll, however long the history, and no event lost or doubled.

const engine = useTestEngine({ speed: 50 });

// A loop that adds 6 events every (scaled) second until stopped: a history that keeps growing.
const ticking = {
  StartAt: 'Tick',
  States: {
    Tick: { Type: 'Pass', Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 1, Next: 'Again' },
    Again: {
      Type: 'Choice',
      Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'Done' }],
      Default: 'Tick',
    },
    Done: { Type: 'Succeed' },
  },
};
// 600+ events at once, then RUNNING in a long Wait.
const burst = {
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Result: { i: 0 }, Next: 'Inc' },
    Inc: { Type: 'Pass', Parameters: { 'i.$': 'States.MathAdd($.i, 1)' }, Next: 'Check' },
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.i', NumericLessThan: 150, Next: 'Inc' }],
      Default: 'Park',
    },
    Park: { Type: 'Wait', Seconds: 100000, End: true },
  },
};

describe('HistoryPoller', () => {
  let tickingArn: string;
  let burstArn: string;

  beforeAll(async () => {
    const { sdk } = countingService(engine().url);
    const start = async (definition: object, name: string) => {
      const machine = await createMachine(sdk, name, definition);
      return (await sdk.send(new StartExecutionCommand({ stateMachineArn: machine, name: 'run' })))
        .executionArn!;
    };
    tickingArn = await start(ticking, 'ticking');
    burstArn = await start(burst, 'burst');
  });

  it('reads the whole history first, then one call per poll, with no gaps or duplicates', async () => {
    const { service, calls } = countingService(engine().url);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const poller = new HistoryPoller(service, tickingArn, { fullPageSize: 20 });
    const seen = await poller.poll();
    expect(seen.length).toBeGreaterThan(20); // more than one page: the paginator was used
    // The engine sends a next token only when more events exist, so no page comes back empty.
    expect(calls.length).toBe(Math.ceil(seen.length / 20));

    let grew = 0;
    for (let i = 0; i < 12; i++) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      calls.length = 0;
      const fresh = await poller.poll();
      expect(calls).toEqual(['GetExecutionHistoryCommand']);
      if (fresh.length) grew++;
      seen.push(...fresh);
    }
    expect(grew).toBeGreaterThan(3);
    expect(seen.map((event) => event.id)).toEqual(seen.map((_, i) => i + 1));

    const sdk = countingService(engine().url).sdk;
    await sdk.send(new StopExecutionCommand({ executionArn: tickingArn }));
    seen.push(...(await poller.poll()));
    const all = await fullHistory(sdk, tickingArn);
    expect(seen.map((event) => event.id)).toEqual(all.map((event) => event.id));
    expect(seen.at(-1)?.type).toBe('ExecutionAborted');
  });

  it('costs one call on a 600-event history when a few events are new or none are', async () => {
    const { service, calls } = countingService(engine().url);
    const poller = new HistoryPoller(service, burstArn);
    let all = await poller.poll();
    for (let tries = 0; all.at(-1)?.type !== 'WaitStateEntered' && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      all = [...all, ...(await poller.poll())];
    }
    expect(all.length).toBeGreaterThan(600);

    poller.resumeAfter(all.length - 3);
    calls.length = 0;
    const fresh = await poller.poll();
    expect(fresh.map((event) => event.id)).toEqual([all.length - 2, all.length - 1, all.length]);
    expect(calls).toHaveLength(1);

    calls.length = 0;
    expect(await poller.poll()).toEqual([]);
    expect(calls).toHaveLength(1);

    // More new events than one small page: it pages back until the last seen id, still exact.
    poller.resumeAfter(all.length - 200);
    calls.length = 0;
    const many = await poller.poll();
    expect(many.map((event) => event.id)).toEqual(all.slice(-200).map((event) => event.id));
    expect(calls.length).toBeGreaterThan(1);
  });
});
