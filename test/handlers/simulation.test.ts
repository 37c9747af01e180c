import { afterEach, describe, expect, it, vi } from 'vitest';
import { handler as checkTaskStatusHandler } from '../../src/handlers/CheckTaskStatus.js';
import { handler as createTaskHandler } from '../../src/handlers/CreateTask.js';
import { handler as taskCompletedHandler } from '../../src/handlers/TaskCompleted.js';
import {
  checkTaskStatus,
  createTask,
  parseTask,
  taskCompleted,
  type HandlerEvent,
  type JobStatus,
  type Outcome,
} from '../../src/handlers/shared/simulation.js';

const ARN = 'arn:aws:states:us-east-1:123456789012:execution:taskctl-tasks:t1';

function output<T>(outcome: Outcome<T>): T {
  if ('error' in outcome) throw new Error(`unexpected ${outcome.error.name}: ${outcome.error.message}`);
  return outcome.output;
}

function errorOf(outcome: Outcome<unknown>): Error {
  if (!('error' in outcome)) throw new Error('expected a failure');
  return outcome.error;
}

/** Runs the workflow's loop with pure calls: CreateTask, then CheckTaskStatus until not RUNNING. */
function poll(task: unknown): JobStatus[] {
  let job: JobStatus = output(createTask({ executionArn: ARN, retryCount: 0, task })).job;
  const statuses: JobStatus[] = [];
  while (statuses.length < 100) {
    job = output(checkTaskStatus({ executionArn: ARN, retryCount: 0, task, job }));
    statuses.push(job);
    if (job.state !== 'RUNNING') return statuses;
  }
  throw new Error('never finished');
}

afterEach(() => vi.restoreAllMocks());

describe('task input', () => {
  it('applies defaults', () => {
    expect(parseTask({})).toEqual({
      durationSeconds: 10,
      pollSeconds: 5,
      transientFailures: { CreateTask: 0, CheckTaskStatus: 0, TaskCompleted: 0 },
      outcome: 'SUCCEEDED',
      permanentError: null,
    });
  });

  it.each([
    ['a string', 'hello'],
    ['an array', [1]],
    ['null', null],
    ['a negative duration', { durationSeconds: -1 }],
    ['a zero poll interval', { pollSeconds: 0 }],
    ['a fractional poll interval', { pollSeconds: 1.5 }],
    ['an unknown handler in transientFailures', { transientFailures: { Nope: 1 } }],
    ['a negative failure count', { transientFailures: { CreateTask: -1 } }],
    ['an unknown outcome', { outcome: 'MAYBE' }],
    ['an unknown permanentError', { permanentError: 'Nope' }],
  ])('rejects %s with InvalidTaskInput', (_what, task) => {
    const error = errorOrThrown(() => createTask({ executionArn: ARN, task }));
    expect(error.name).toBe('InvalidTaskInput');
  });
});

function errorOrThrown(run: () => Outcome<unknown>): Error {
  try {
    return errorOf(run());
  } catch (e) {
    return e as Error;
  }
}

describe('the simulated job', () => {
  it('stays RUNNING until checks × pollSeconds reaches durationSeconds', () => {
    const statuses = poll({ durationSeconds: 10, pollSeconds: 3 });
    expect(statuses.map((s) => [s.checks, s.state])).toEqual([
      [1, 'RUNNING'],
      [2, 'RUNNING'],
      [3, 'RUNNING'],
      [4, 'SUCCEEDED'],
    ]);
    expect(statuses[3]).toMatchObject({ pollSeconds: 3, durationSeconds: 10 });
    expect(poll({}).map((s) => s.state)).toEqual(['RUNNING', 'SUCCEEDED']); // 10 s at 5 s polls
    expect(poll({ durationSeconds: 0 }).map((s) => s.state)).toEqual(['SUCCEEDED']);
  });

  it('ends FAILED when outcome is FAILED', () => {
    const last = poll({ durationSeconds: 2, pollSeconds: 1, outcome: 'FAILED' }).at(-1)!;
    expect(last).toMatchObject({ state: 'FAILED', checks: 2, error: 'JobFailed' });
  });

  it('is deterministic: the same execution gets the same job id, another execution another', () => {
    const a = output(createTask({ executionArn: ARN, task: {} })).job.jobId;
    expect(output(createTask({ executionArn: ARN, task: {} })).job.jobId).toBe(a);
    expect(output(createTask({ executionArn: `${ARN}x`, task: {} })).job.jobId).not.toBe(a);
  });

  it('CreateTask keeps the original task input beside the job', () => {
    const task = { durationSeconds: 1, custom: { x: 1 } };
    expect(output(createTask({ executionArn: ARN, task }))).toEqual({
      task,
      job: {
        jobId: expect.stringMatching(/^job-[0-9a-f]{16}$/),
        state: 'RUNNING',
        checks: 0,
        pollSeconds: 5,
        durationSeconds: 1,
      },
    });
  });

  it('fails transiently while retryCount < n, then succeeds', () => {
    const task = { transientFailures: { CreateTask: 2, TaskCompleted: 1 } };
    const attempt = (retryCount: number) => createTask({ executionArn: ARN, retryCount, task });
    expect(errorOf(attempt(0)).name).toBe('TransientError');
    expect(errorOf(attempt(1)).name).toBe('TransientError');
    expect(output(attempt(2)).job.state).toBe('RUNNING');
    const job = { jobId: 'j', state: 'SUCCEEDED', checks: 2, pollSeconds: 5, durationSeconds: 10 };
    expect(errorOf(taskCompleted({ executionArn: ARN, retryCount: 0, task, job })).name).toBe(
      'TransientError',
    );
    expect(output(taskCompleted({ executionArn: ARN, retryCount: 1, task, job }))).toMatchObject({
      jobId: 'j',
      state: 'SUCCEEDED',
      checks: 2,
    });
  });

  it('CheckTaskStatus fails transiently on its first check only', () => {
    const task = { durationSeconds: 3, pollSeconds: 1, transientFailures: { CheckTaskStatus: 1 } };
    const created = output(createTask({ executionArn: ARN, task })).job;
    expect(errorOf(checkTaskStatus({ executionArn: ARN, retryCount: 0, task, job: created })).name).toBe(
      'TransientError',
    );
    const first = output(checkTaskStatus({ executionArn: ARN, retryCount: 1, task, job: created }));
    // retryCount is 0 again on the next visit of the state: the loop is unaffected
    const second = output(checkTaskStatus({ executionArn: ARN, retryCount: 0, task, job: first }));
    expect([first.checks, second.checks]).toEqual([1, 2]);
  });

  it.each(['CreateTask', 'CheckTaskStatus', 'TaskCompleted'])(
    'permanentError %s throws JobRejectedError at every attempt',
    (name) => {
      const task = { permanentError: name };
      const job = { jobId: 'j', state: 'SUCCEEDED', checks: 0, pollSeconds: 5, durationSeconds: 10 };
      const run = { CreateTask: createTask, CheckTaskStatus: checkTaskStatus, TaskCompleted: taskCompleted }[
        name
      ]!;
      for (const retryCount of [0, 1, 5]) {
        expect(errorOf(run({ executionArn: ARN, retryCount, task, job } as HandlerEvent)).name).toBe(
          'JobRejectedError',
        );
      }
    },
  );

  it('rejects a malformed job status', () => {
    expect(
      errorOrThrown(() => checkTaskStatus({ executionArn: ARN, task: {}, job: { jobId: 1 } })).name,
    ).toBe('InvalidTaskInput');
  });
});

describe('the handlers', () => {
  it('log one JSON line with the execution ARN and return the result', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const task = { durationSeconds: 5, pollSeconds: 5 };
    const created = await createTaskHandler({ executionArn: ARN, retryCount: 0, task });
    const status = await checkTaskStatusHandler({ executionArn: ARN, retryCount: 0, task, job: created.job });
    const result = await taskCompletedHandler({ executionArn: ARN, retryCount: 0, task, job: status });
    expect(status.state).toBe('SUCCEEDED');
    expect(result.summary).toBe(`job ${created.job.jobId} finished SUCCEEDED after 1 status check`);
    expect(log).toHaveBeenCalledTimes(3);
    for (const [line] of log.mock.calls) {
      expect(JSON.parse(line as string)).toMatchObject({ executionArn: ARN, jobId: created.job.jobId });
    }
  });

  it('throw errors whose name is the error Step Functions matches', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const failing = createTaskHandler({
      executionArn: ARN,
      retryCount: 0,
      task: { transientFailures: { CreateTask: 1 } },
    });
    await expect(failing).rejects.toMatchObject({ name: 'TransientError' });
    await expect(failing).rejects.toSatisfy((e: Error) => e.stack!.startsWith('TransientError: '));
    expect(JSON.parse(log.mock.calls[0][0] as string)).toMatchObject({
      executionArn: ARN,
      error: 'TransientError',
    });
    await expect(createTaskHandler({ executionArn: ARN, task: 'nope' })).rejects.toMatchObject({
      name: 'InvalidTaskInput',
    });
    // invalid input is logged too, so the execution's logs explain the failure
    expect(JSON.parse(log.mock.calls.at(-1)![0] as string)).toMatchObject({
      executionArn: ARN,
      handler: 'CreateTask',
      error: 'InvalidTaskInput',
    });
  });
});
