import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  bundledHandlersDir,
  LambdaRuntime,
  type InvocationResult,
} from '../../../src/engine/lambda/index.js';
import { LogStore } from '../../../src/engine/store/logs.js';
import type { Clock } from '../../../src/engine/runtime/clock.js';

const clock: Clock = { now: () => Date.now() };

let dir: string;
let db: Database.Database;
let logs: LogStore;
let runtime: LambdaRuntime;

function makeRuntime(dirs: string[], maxWorkers?: number) {
  return new LambdaRuntime({
    handlersDirs: dirs,
    logs,
    clock,
    region: 'us-east-1',
    accountId: '123456789012',
    maxWorkers,
  });
}

function handlerFile(name: string, source: string) {
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
}

/** Every message of every stream of the function's log group, stream by stream. */
function logLines(fn: string): string[] {
  const group = `/aws/lambda/${fn}`;
  return logs
    .listLogStreams(group, { orderBy: 'LogStreamName', descending: false, limit: 100 })
    .flatMap((s) => logs.readStream(group, s.logStreamName, { direction: 'forward', limit: 1000 }))
    .map((e) => e.message);
}

function streamsOf(fn: string): string[] {
  return logs
    .listLogStreams(`/aws/lambda/${fn}`, { orderBy: 'LogStreamName', descending: false, limit: 100 })
    .map((s) => s.logStreamName);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'taskctl-lambda-'));
  db = new Database(':memory:');
  logs = new LogStore(db, clock);
  runtime = makeRuntime([dir]);
});

afterEach(async () => {
  await runtime.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A finished invocation carries Lambda's request id (x-amz-request-id), a UUID. */
const succeeded = { requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) };
describe('LambdaRuntime', () => {
  it('returns what the handler returns, with the Lambda context it was given', async () => {
    handlerFile(
      'Echo.mjs',
      `export const handler = async (event, context) => ({
        event,
        functionName: context.functionName,
        requestId: context.awsRequestId,
        arn: context.invokedFunctionArn,
        version: context.functionVersion,
        memory: context.memoryLimitInMB,
        group: context.logGroupName,
        stream: context.logStreamName,
        remaining: context.getRemainingTimeInMillis(),
        envName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      });`,
    );
    const result = await runtime.invoke('Echo', { a: [1, 'x'] }, { timeoutMs: 5000 });
    expect(result.kind).toBe('succeeded');
    const output = (result as Extract<InvocationResult, { kind: 'succeeded' }>).output as Record<
      string,
      unknown
    >;
    expect(output.event).toEqual({ a: [1, 'x'] });
    expect(output).toMatchObject({
      functionName: 'Echo',
      arn: 'arn:aws:lambda:us-east-1:123456789012:function:Echo',
      version: '$LATEST',
      memory: '128',
      group: '/aws/lambda/Echo',
      envName: 'Echo',
    });
    expect(output.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(output.stream).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(output.remaining).toBeGreaterThan(3000);
    expect(output.remaining).toBeLessThanOrEqual(5000);
  });

  it('accepts a function ARN, sync handlers, CommonJS modules and NAME/index.js', async () => {
    handlerFile('Sync.cjs', 'exports.handler = (event) => event.n * 2;');
    mkdirSync(join(dir, 'Folder'));
    handlerFile('Folder/index.mjs', 'export async function handler() { return "from index"; }');
    expect(
      await runtime.invoke('arn:aws:lambda:us-east-1:123456789012:function:Sync', { n: 21 }, {}),
    ).toEqual({
      ...succeeded,
      kind: 'succeeded',
      output: 42,
    });
    expect(await runtime.invoke('Folder', null, {})).toEqual({
      ...succeeded,
      kind: 'succeeded',
      output: 'from index',
    });
  });

  it('reports a thrown error by its name with the Lambda error document as cause', async () => {
    handlerFile(
      'Fails.mjs',
      `class TransientError extends Error {}
       TransientError.prototype.name = 'TransientError';
       export const handler = async () => { throw new TransientError('try again later'); };`,
    );
    const result = await runtime.invoke('Fails', {}, { timeoutMs: 5000 });
    expect(result.kind).toBe('failed');
    const failed = result as Extract<InvocationResult, { kind: 'failed' }>;
    expect(failed.error).toBe('TransientError');
    const cause = JSON.parse(failed.cause);
    expect(Object.keys(cause)).toEqual(['errorType', 'errorMessage', 'trace']);
    expect(cause.errorType).toBe('TransientError');
    expect(cause.errorMessage).toBe('try again later');
    expect(cause.trace[0]).toBe('TransientError: try again later');
    expect(cause.trace[1]).toContain('Fails.mjs');
    // and it is logged the way the Node.js runtime logs it
    const errorLine = logLines('Fails').find((l) => l.includes('\tERROR\t'));
    expect(errorLine).toMatch(
      /^\S+Z\t[0-9a-f-]{36}\tERROR\tInvoke Error \t\{"errorType":"TransientError","errorMessage":"try again later"/,
    );
  });

  it('maps a plain Error, a thrown string and an unserialisable result', async () => {
    handlerFile('Plain.mjs', 'export const handler = async () => { throw new Error("boom"); };');
    handlerFile('Str.mjs', 'export const handler = async () => { throw "just a string"; };');
    handlerFile('Cyclic.mjs', 'export const handler = async () => { const a = {}; a.self = a; return a; };');
    expect(await runtime.invoke('Plain', {}, {})).toMatchObject({ kind: 'failed', error: 'Error' });
    const str = await runtime.invoke('Str', {}, {});
    expect(str).toMatchObject({ kind: 'failed', error: 'string' });
    expect(JSON.parse((str as { cause: string }).cause)).toEqual({
      errorType: 'string',
      errorMessage: 'just a string',
      trace: [],
    });
    const cyclic = await runtime.invoke('Cyclic', {}, {});
    expect(cyclic).toMatchObject({ kind: 'failed', error: 'Runtime.MarshalError' });
  });

  it('reports import problems as Lambda runtime errors', async () => {
    handlerFile('NoHandler.mjs', 'export const other = 1;');
    handlerFile('Broken.mjs', 'export const handler = async () => {');
    expect(await runtime.invoke('NoHandler', {}, {})).toMatchObject({
      kind: 'failed',
      error: 'Runtime.HandlerNotFound',
    });
    expect(await runtime.invoke('Broken', {}, {})).toMatchObject({
      kind: 'failed',
      error: 'Runtime.UserCodeSyntaxError',
    });
  });

  it('fails an unknown function the way Lambda.ResourceNotFoundException reaches Step Functions', async () => {
    const result = await runtime.invoke('Missing', {}, {});
    expect(result).toMatchObject({ kind: 'failed', error: 'Lambda.ResourceNotFoundException' });
    expect((result as { cause: string }).cause).toMatch(
      /^Function not found: arn:aws:lambda:us-east-1:123456789012:function:Missing \(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: [0-9a-f-]{36}; Proxy: null\)$/,
    );
    // Lambda's message names the qualifier the caller gave (version, alias or $LATEST)
    for (const [functionName, named] of [
      ['Missing:prod', 'Missing:prod'],
      ['Missing:$LATEST', 'Missing:$LATEST'],
      ['arn:aws:lambda:us-east-1:123456789012:function:Missing:7', 'Missing:7'],
      ['123456789012:function:Missing:live', 'Missing:live'],
    ]) {
      const qualified = await runtime.invoke(functionName, {}, {});
      expect((qualified as { cause: string }).cause).toContain(
        `Function not found: arn:aws:lambda:us-east-1:123456789012:function:${named} (Service: AWSLambda;`,
      );
    }
    // names that could escape the handlers directory are not looked up at all
    expect(await runtime.invoke('../Missing', {}, {})).toMatchObject({
      error: 'Lambda.ResourceNotFoundException',
    });
  });

  it('times out: terminates the worker and starts a fresh one next time', async () => {
    handlerFile(
      'Slow.mjs',
      `let invocations = 0;
       export const handler = async (event) => {
         invocations += 1;
         if (event.hang) await new Promise(() => setInterval(() => {}, 1000));
         return invocations;
       };`,
    );
    expect(await runtime.invoke('Slow', {}, { timeoutMs: 5000 })).toEqual({
      ...succeeded,
      kind: 'succeeded',
      output: 1,
    });
    expect(await runtime.invoke('Slow', {}, { timeoutMs: 5000 })).toEqual({
      ...succeeded,
      kind: 'succeeded',
      output: 2,
    }); // warm
    const started = Date.now();
    expect(await runtime.invoke('Slow', { hang: true }, { timeoutMs: 200 })).toEqual({
      ...succeeded,
      kind: 'timedOut',
    });
    expect(Date.now() - started).toBeLessThan(3000);
    // the module state is gone: the worker that timed out was terminated
    expect(await runtime.invoke('Slow', {}, { timeoutMs: 5000 })).toEqual({
      ...succeeded,
      kind: 'succeeded',
      output: 1,
    });
    expect(logLines('Slow').some((l) => /Task timed out after 0\.20 seconds$/.test(l))).toBe(true);
    expect(streamsOf('Slow')).toHaveLength(2);
  });

  it('writes console output to /aws/lambda/NAME between START, END and REPORT lines', async () => {
    handlerFile(
      'Chatty.mjs',
      `console.log('loading');
       export const handler = async (event) => {
         console.log('hello %s', event.who, { n: 1 });
         console.info('info');
         console.warn('careful');
         console.error('bad');
         console.debug('details');
         process.stdout.write('raw line\\n');
         return 'ok';
       };`,
    );
    const stdout = vi.spyOn(process.stdout, 'write');
    const stderr = vi.spyOn(process.stderr, 'write');
    await runtime.invoke('Chatty', { who: 'world' }, {});
    await new Promise((r) => setTimeout(r, 100)); // raw stdout arrives asynchronously
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).not.toHaveBeenCalled();
    stdout.mockRestore();
    stderr.mockRestore();

    const lines = logLines('Chatty');
    const start = lines.findIndex((l) => l.startsWith('START RequestId: '));
    const id = /^START RequestId: ([0-9a-f-]{36}) Version: \$LATEST$/.exec(lines[start])![1];
    expect(lines[start - 1]).toMatch(/^\S+Z\tundefined\tINFO\tloading$/);
    // Raw stdout comes through the worker's stdout stream, not its message port, so under load
    // it can land between the console lines: leave it out of their order.
    const body = lines
      .slice(start + 1)
      .filter((l) => l !== 'raw line')
      .slice(0, 5)
      .map((l) => l.split('\t'));
    expect(body.map(([, rid, level, msg]) => [rid, level, msg])).toEqual([
      [id, 'INFO', 'hello world { n: 1 }'],
      [id, 'INFO', 'info'],
      [id, 'WARN', 'careful'],
      [id, 'ERROR', 'bad'],
      [id, 'DEBUG', 'details'],
    ]);
    expect(new Date(body[0][0]).toISOString()).toBe(body[0][0]);
    expect(lines).toContain(`END RequestId: ${id}`);
    expect(lines).toContain('raw line');
    const report = lines.find((l) => l.startsWith('REPORT'))!;
    expect(report).toMatch(
      new RegExp(
        `^REPORT RequestId: ${id}\\tDuration: \\d+\\.\\d{2} ms\\tBilled Duration: \\d+ ms\\tMemory Size: 128 MB\\tMax Memory Used: \\d+ MB\\tInit Duration: \\d+\\.\\d{2} ms\\t$`,
      ),
    );
    expect(lines.indexOf(`END RequestId: ${id}`)).toBeLessThan(lines.indexOf(report));
  });

  it('reuses a warm worker and its log stream; only the first REPORT has Init Duration', async () => {
    handlerFile('Counter.mjs', 'let n = 0; export const handler = async () => ++n;');
    for (let i = 1; i <= 3; i++) {
      expect(await runtime.invoke('Counter', {}, {})).toEqual({ ...succeeded, kind: 'succeeded', output: i });
    }
    expect(streamsOf('Counter')).toHaveLength(1);
    const reports = logLines('Counter').filter((l) => l.startsWith('REPORT'));
    expect(reports).toHaveLength(3);
    expect(reports.map((r) => r.includes('Init Duration'))).toEqual([true, false, false]);
  });

  it('picks up a handler file changed on disk at the next invocation', async () => {
    const file = handlerFile('Changing.mjs', 'export const handler = async () => "v1";');
    expect(await runtime.invoke('Changing', {}, {})).toEqual({
      ...succeeded,
      kind: 'succeeded',
      output: 'v1',
    });
    writeFileSync(file, 'export const handler = async () => "v2";');
    const later = new Date(Date.now() + 2000);
    utimesSync(file, later, later);
    expect(await runtime.invoke('Changing', {}, {})).toEqual({
      ...succeeded,
      kind: 'succeeded',
      output: 'v2',
    });
  });

  it('looks in the user dir before the bundled dir', async () => {
    const bundled = makeRuntime([dir, bundledHandlersDir()]);
    try {
      const event = { executionArn: 'arn:x', retryCount: 0, task: {} };
      const fromBundle = await bundled.invoke('CreateTask', event, { timeoutMs: 20_000 });
      expect(fromBundle).toMatchObject({ kind: 'succeeded', output: { job: { state: 'RUNNING' } } });
      handlerFile('CreateTask.mjs', 'export const handler = async () => "overridden";');
      expect(await bundled.invoke('CreateTask', event, {})).toEqual({
        ...succeeded,
        kind: 'succeeded',
        output: 'overridden',
      });
    } finally {
      await bundled.close();
    }
  });

  it('caps the number of workers and queues the rest', async () => {
    await runtime.close();
    runtime = makeRuntime([dir], 2);
    handlerFile(
      'Busy.mjs',
      `export const handler = async (e) => { await new Promise((r) => setTimeout(r, 150)); return e.i; };`,
    );
    handlerFile('Other.mjs', 'export const handler = async () => "other";');
    const started = Date.now();
    const results = await Promise.all([
      ...[0, 1, 2, 3].map((i) => runtime.invoke('Busy', { i }, {})),
      runtime.invoke('Other', {}, {}),
    ]);
    expect(results.map((r) => (r as { output: unknown }).output)).toEqual([0, 1, 2, 3, 'other']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300); // at most two ran at once
    expect(streamsOf('Busy').length).toBeLessThanOrEqual(2);
  });

  it('at the cap, a function waits for its own busy worker rather than evict another’s warm one', async () => {
    await runtime.close();
    runtime = makeRuntime([dir], 2);
    handlerFile(
      'Busy.mjs',
      `export const handler = async (e) => { await new Promise((r) => setTimeout(r, 50)); return e.i; };`,
    );
    handlerFile('Warm.mjs', 'export const handler = async () => "warm";');
    await runtime.invoke('Warm', {}, {});
    const results = await Promise.all([0, 1, 2].map((i) => runtime.invoke('Busy', { i }, {})));
    expect(results.map((r) => (r as { output: unknown }).output)).toEqual([0, 1, 2]);
    await runtime.invoke('Warm', {}, {});
    expect(streamsOf('Busy')).toHaveLength(1);
    expect(streamsOf('Warm')).toHaveLength(1);
    const reports = logLines('Warm').filter((l) => l.startsWith('REPORT'));
    expect(reports.map((r) => r.includes('Init Duration'))).toEqual([true, false]);
  });

  it('at the cap, a function below its share evicts another’s idle worker, and stops at its share', async () => {
    await runtime.close();
    runtime = makeRuntime([dir], 4);
    const slow = `export const handler = async (e) => { await new Promise((r) => setTimeout(r, 50)); return e.i; };`;
    handlerFile('Busy.mjs', slow);
    handlerFile('Warm.mjs', slow);
    await Promise.all([0, 1, 2].map((i) => runtime.invoke('Warm', { i }, {}))); // three Warm workers, idle now
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => runtime.invoke('Busy', { i }, {})));
    expect(results.map((r) => (r as { output: unknown }).output)).toEqual([0, 1, 2, 3, 4, 5]);
    // Busy started one worker in the free slot, then evicted one Warm worker to reach its share
    // (4 workers, 2 functions: 2 each), and waited for its own from there.
    expect(streamsOf('Warm')).toHaveLength(3);
    expect(streamsOf('Busy')).toHaveLength(2);
  });

  it('a crashed worker fails the invocation and is replaced', async () => {
    handlerFile(
      'Crash.mjs',
      `export const handler = async (e) => {
         if (e.exit) process.exit(3);
         if (e.reject) { Promise.reject(new Error('nobody waits')); await new Promise((r) => setTimeout(r, 1000)); }
         return 'fine';
       };`,
    );
    expect(await runtime.invoke('Crash', { exit: true }, {})).toMatchObject({
      kind: 'failed',
      error: 'Runtime.ExitError',
    });
    expect(await runtime.invoke('Crash', { reject: true }, {})).toMatchObject({
      kind: 'failed',
      error: 'Runtime.UnhandledPromiseRejection',
    });
    expect(await runtime.invoke('Crash', {}, {})).toEqual({
      ...succeeded,
      kind: 'succeeded',
      output: 'fine',
    });
  });

  it('rejects pending invocations when closed', async () => {
    handlerFile(
      'Forever.mjs',
      'export const handler = () => new Promise(() => setInterval(() => {}, 1000));',
    );
    const pending = runtime.invoke('Forever', {}, { timeoutMs: 60_000 });
    const rejected = expect(pending).rejects.toThrow('the Lambda runtime was closed');
    await new Promise((r) => setTimeout(r, 200));
    await runtime.close();
    await rejected;
    await expect(runtime.invoke('Forever', {}, {})).rejects.toThrow('closed');
  });
});
