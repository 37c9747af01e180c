import { describe, expect, it } from 'vitest';
import { NotFoundError, UsageError } from '../../../src/lib/errors.js';
import { mapServiceError } from '../../../src/lib/sdk/errors.js';
import { localTarget } from '../../../src/lib/target.js';
import type { DescribedExecution } from '../../../src/lib/redrive/classify.js';
import {
  checkAll,
  checkRow,
  notRedrivableReason,
  redriveAll,
  targetFromArn,
  type RedriveOutcome,
  type RedriveService,
} from '../../../src/lib/redrive/run.js';
import { completionWaiter } from '../../../src/lib/redrive/waiter.js';
import { Pacer } from '../../../src/lib/pace.js';

// The redrive flow over an in-memory service: which calls are made, what each execution
// becomes, and the order lines come out in. (End-to-end behaviour is in test/cli/redrive*.)

/** Evenly spaced redrives, as `--rate N` sets them. */
const paced = (rate: number) => new Pacer({ ratePerSecond: rate, burst: 1 });
const arn = (name: string) => `arn:aws:states:us-east-1:123456789012:execution:m:${name}`;
const stopDate = new Date();

function fakeService(executions: Record<string, DescribedExecution & { historyLength?: number }>) {
  const calls: string[] = [];
  const service: RedriveService = {
    async describeExecution(executionArn, context) {
      calls.push(`describe ${context?.execution}`);
      const found = executions[executionArn];
      if (!found) throw new NotFoundError(`execution "${context?.execution}" not found in state machine m`);
      return { executionArn, ...found };
    },
    async historyLength(executionArn, context) {
      calls.push(`history ${context?.execution}`);
      return executions[executionArn].historyLength ?? 10;
    },
    async redriveExecution(executionArn, context) {
      calls.push(`redrive ${context?.execution}`);
      const found = executions[executionArn];
      if (found.redriveStatus === 'RACE') {
        // As mapServiceError hands it on: a UsageError with the service's message and error name.
        const message = `Execution '${executionArn}' cannot be redriven: Execution is RUNNING and cannot be redriven.`;
        throw new UsageError(message, {
          cause: Object.assign(new Error(message), { name: 'ExecutionNotRedrivable' }),
          serviceError: 'ExecutionNotRedrivable',
        });
      }
      if (found.redriveStatus === 'BROKEN') throw new Error('ServiceUnavailable: try later');
      found.status = 'RUNNING';
      return { redriveDate: new Date('2024-05-01T00:00:00Z') };
    },
  };
  return { service, calls };
}

const failed = (extra: Partial<DescribedExecution> = {}) => ({
  status: 'FAILED',
  stopDate,
  redriveStatus: 'REDRIVABLE',
  ...extra,
});

describe('checkAll and redriveAll', () => {
  it('checks each execution (history only when it stopped), then redrives only the redrivable ones, in input order', async () => {
    const { service, calls } = fakeService({
      [arn('a')]: failed(),
      [arn('b')]: {
        status: 'SUCCEEDED',
        redriveStatus: 'NOT_REDRIVABLE',
        redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven.',
      },
      [arn('c')]: failed({ redriveStatus: 'RACE' }),
      [arn('d')]: failed({ redriveStatus: 'BROKEN' }),
    });
    const targets = ['a', 'b', 'missing', 'c', 'd'].map((name) => targetFromArn(arn(name)));
    const checked = await checkAll(service, targets, { concurrency: 1 });
    expect(calls).toEqual([
      'describe a',
      'history a',
      'describe b',
      'describe missing',
      'describe c',
      'history c',
      'describe d',
      'history d',
    ]);
    expect(checked.map(checkRow).map((row) => [row.name, row.redrivable, row.reason])).toEqual([
      ['a', true, undefined],
      ['b', false, 'Execution is SUCCEEDED and cannot be redriven.'],
      ['missing', false, 'execution "missing" not found in state machine m'],
      ['c', true, undefined],
      ['d', true, undefined],
    ]);

    calls.length = 0;
    const emitted: RedriveOutcome[] = [];
    const summary = await redriveAll(service, checked, {
      pacer: paced(1000),
      retryForMs: 0,
      concurrency: 3,
      emit: (outcome) => emitted.push(outcome),
    });
    expect(calls.sort()).toEqual(['redrive a', 'redrive c', 'redrive d']);
    expect(emitted).toEqual([
      { executionArn: arn('a'), name: 'a', result: 'redriven', redriveDate: '2024-05-01T00:00:00.000Z' },
      {
        executionArn: arn('b'),
        name: 'b',
        result: 'skipped',
        reason: 'Execution is SUCCEEDED and cannot be redriven.',
      },
      {
        executionArn: arn('missing'),
        name: 'missing',
        result: 'failed',
        reason: 'execution "missing" not found in state machine m',
      },
      {
        executionArn: arn('c'),
        name: 'c',
        result: 'skipped',
        reason: 'Execution is RUNNING and cannot be redriven.',
      },
      { executionArn: arn('d'), name: 'd', result: 'failed', reason: 'ServiceUnavailable: try later' },
    ]);
    expect(summary).toEqual({ outcomes: emitted, notStarted: 0 });
  });

  it('with a waiter, completes each redriven outcome with how it ended', async () => {
    const { service } = fakeService({ [arn('a')]: failed(), [arn('b')]: failed() });
    const checked = await checkAll(service, [targetFromArn(arn('a')), targetFromArn(arn('b'))], {
      concurrency: 2,
    });
    let polls = 0;
    const waiter = completionWaiter(
      async (executionArn) =>
        ++polls > 2
          ? { status: executionArn.endsWith('a') ? 'SUCCEEDED' : 'FAILED', error: 'Boom', stopDate }
          : { status: 'RUNNING' },
      { concurrency: 2, initialDelayMs: 1, maxDelayMs: 2 },
    );
    const emitted: RedriveOutcome[] = [];
    await redriveAll(service, checked, {
      pacer: paced(1000),
      retryForMs: 0,
      concurrency: 2,
      waiter,
      emit: (o) => emitted.push(o),
    });
    expect(emitted.map((o) => [o.name, o.result, o.status])).toEqual([
      ['a', 'redriven', 'SUCCEEDED'],
      ['b', 'redriven', 'FAILED'],
    ]);
    expect(emitted[1]).toMatchObject({ error: 'Boom', stopDate: stopDate.toISOString() });
  });

  it('on abort, redrives nothing more, reports what was redriven and counts the rest', async () => {
    const executions = Object.fromEntries(['a', 'b', 'c', 'd'].map((name) => [arn(name), failed()]));
    const { service, calls } = fakeService(executions);
    const targets = Object.keys(executions).map(targetFromArn);
    const checked = await checkAll(service, targets, { concurrency: 4 });
    calls.length = 0;
    const abort = new AbortController();
    const emitted: RedriveOutcome[] = [];
    const summary = await redriveAll(service, checked, {
      pacer: paced(5),
      retryForMs: 0, // one redrive now, the next in 200 ms: Ctrl-C comes first
      concurrency: 1,
      signal: abort.signal,
      emit: (outcome) => emitted.push(outcome),
      onSettled: () => abort.abort(),
    });
    expect(calls).toEqual(['redrive a']);
    expect(emitted.map((o) => o.name)).toEqual(['a']);
    expect(summary.notStarted).toBe(3);
  });
});

describe('notRedrivableReason', () => {
  it('takes the reason from ExecutionNotRedrivable, raw or as taskctl maps it', () => {
    const raw = Object.assign(
      new Error("Execution 'x' cannot be redriven: Execution is SUCCEEDED and cannot be redriven."),
      // As the SDK throws it: a service error ($fault) named after the service's error.
      { name: 'ExecutionNotRedrivable', $fault: 'client' },
    );
    expect(notRedrivableReason(raw)).toBe('Execution is SUCCEEDED and cannot be redriven.');
    expect(notRedrivableReason(mapServiceError(raw, { target: localTarget({}) }))).toBe(
      'Execution is SUCCEEDED and cannot be redriven.',
    );
    expect(
      notRedrivableReason(Object.assign(new Error('other words'), { name: 'ExecutionNotRedrivable' })),
    ).toBe('other words');
    expect(notRedrivableReason(new Error('ThrottlingException'))).toBeUndefined();
  });
});
