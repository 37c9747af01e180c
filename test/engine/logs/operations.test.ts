import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/engine/api/errors.js';
import { compileFilterPattern, logsOperations } from '../../../src/engine/api/logs-operations.js';
import type { OperationTable } from '../../../src/engine/api/operation.js';
import { OffsetClock } from '../../../src/engine/runtime/clock.js';
import { LogStore } from '../../../src/engine/store/logs.js';

let db: Database.Database;
let clock: OffsetClock;
let ops: OperationTable;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = (op: string, req: unknown): any => ops[op](req);

function apiError(op: string, req: unknown): ApiError {
  try {
    call(op, req);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error(`${op} did not fail`);
}

const T0 = Date.UTC(2026, 0, 1);

beforeEach(() => {
  db = new Database(':memory:');
  clock = new OffsetClock(T0 - Date.now()); // "now" is about T0
  ops = logsOperations(new LogStore(db, clock), { region: 'us-east-1', accountId: '123456789012' });
});

afterEach(() => db.close());

function put(group: string, stream: string, events: [number, string][]) {
  return call('PutLogEvents', {
    logGroupName: group,
    logStreamName: stream,
    logEvents: events.map(([timestamp, message]) => ({ timestamp, message })),
  });
}

describe('log groups and streams', () => {
  it('creates, describes with AWS field names, and refuses duplicates', () => {
    expect(call('CreateLogGroup', { logGroupName: '/aws/lambda/CreateTask' })).toEqual({});
    expect(apiError('CreateLogGroup', { logGroupName: '/aws/lambda/CreateTask' }).type).toBe(
      'ResourceAlreadyExistsException',
    );
    expect(apiError('CreateLogGroup', { logGroupName: 'bad:name' }).type).toBe('InvalidParameterException');
    expect(apiError('CreateLogGroup', {}).message).toMatch(/Value null at 'logGroupName'.*must not be null/);

    const { logGroups } = call('DescribeLogGroups', {});
    expect(logGroups).toEqual([
      {
        logGroupName: '/aws/lambda/CreateTask',
        creationTime: expect.any(Number),
        metricFilterCount: 0,
        arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/CreateTask:*',
        storedBytes: 0,
        logGroupClass: 'STANDARD',
        logGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/CreateTask',
      },
    ]);
    expect(Math.abs(logGroups[0].creationTime - T0)).toBeLessThan(60_000);

    expect(call('CreateLogStream', { logGroupName: '/aws/lambda/CreateTask', logStreamName: 's1' })).toEqual(
      {},
    );
    expect(
      apiError('CreateLogStream', { logGroupName: '/aws/lambda/CreateTask', logStreamName: 's1' }).type,
    ).toBe('ResourceAlreadyExistsException');
    const missing = apiError('CreateLogStream', { logGroupName: '/nope', logStreamName: 's1' });
    expect([missing.type, missing.message]).toEqual([
      'ResourceNotFoundException',
      'The specified log group does not exist.',
    ]);

    put('/aws/lambda/CreateTask', 's1', [[T0 - 10, 'x']]);
    const { logStreams } = call('DescribeLogStreams', { logGroupName: '/aws/lambda/CreateTask' });
    expect(logStreams).toEqual([
      {
        logStreamName: 's1',
        creationTime: expect.any(Number),
        firstEventTimestamp: T0 - 10,
        lastEventTimestamp: T0 - 10,
        lastIngestionTime: expect.any(Number),
        uploadSequenceToken: expect.stringMatching(/^\d+$/),
        arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/CreateTask:log-stream:s1',
        storedBytes: 0,
      },
    ]);
  });

  it('pages DescribeLogGroups by prefix with nextToken', () => {
    for (const n of ['c', 'a', 'e', 'b', 'd']) call('CreateLogGroup', { logGroupName: `/t/${n}` });
    call('CreateLogGroup', { logGroupName: '/u/z' });
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = call('DescribeLogGroups', { logGroupNamePrefix: '/t/', limit: 2, nextToken });
      seen.push(...page.logGroups.map((g: { logGroupName: string }) => g.logGroupName));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    expect(seen).toEqual(['/t/a', '/t/b', '/t/c', '/t/d', '/t/e']);
    expect(pages).toBe(3);
    expect(apiError('DescribeLogGroups', { limit: 51 }).type).toBe('InvalidParameterException');
    expect(apiError('DescribeLogGroups', { nextToken: 'garbage!' }).type).toBe('InvalidParameterException');
  });

  it('orders and pages DescribeLogStreams; accepts a log group ARN as identifier', () => {
    call('CreateLogGroup', { logGroupName: 'g' });
    for (const [name, t] of [
      ['s-a', 3],
      ['s-b', 1],
      ['s-c', 2],
      ['t-d', 4],
    ] as const) {
      call('CreateLogStream', { logGroupName: 'g', logStreamName: name });
      put('g', name, [[T0 - 1000 + t, 'm']]);
    }
    const all = (req: object) => {
      const names: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = call('DescribeLogStreams', { ...req, limit: 1, nextToken });
        names.push(...page.logStreams.map((s: { logStreamName: string }) => s.logStreamName));
        nextToken = page.nextToken;
      } while (nextToken);
      return names;
    };
    expect(all({ logGroupName: 'g', logStreamNamePrefix: 's-' })).toEqual(['s-a', 's-b', 's-c']);
    expect(all({ logGroupName: 'g', orderBy: 'LastEventTime', descending: true })).toEqual([
      't-d',
      's-a',
      's-c',
      's-b',
    ]);
    expect(
      all({
        logGroupIdentifier: 'arn:aws:logs:us-east-1:123456789012:log-group:g:*',
        orderBy: 'LastEventTime',
      }),
    ).toEqual(['s-b', 's-c', 's-a', 't-d']);
    expect(
      apiError('DescribeLogStreams', {
        logGroupName: 'g',
        orderBy: 'LastEventTime',
        logStreamNamePrefix: 's',
      }).type,
    ).toBe('InvalidParameterException');
    expect(apiError('DescribeLogStreams', { logGroupName: 'nope' }).message).toBe(
      'The specified log group does not exist.',
    );
  });
});

describe('PutLogEvents', () => {
  beforeEach(() => {
    call('CreateLogGroup', { logGroupName: 'g' });
    call('CreateLogStream', { logGroupName: 'g', logStreamName: 's' });
  });

  it('returns a new sequence token each time and validates like AWS', () => {
    const a = put('g', 's', [[T0, 'one']]);
    const b = put('g', 's', [[T0, 'two']]);
    expect(a.nextSequenceToken).not.toBe(b.nextSequenceToken);
    expect(a.rejectedLogEventsInfo).toBeUndefined();
    expect(apiError('PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents: [] }).type).toBe(
      'InvalidParameterException',
    );
    expect(
      apiError('PutLogEvents', {
        logGroupName: 'g',
        logStreamName: 's',
        logEvents: [{ timestamp: T0, message: '' }],
      }).type,
    ).toBe('InvalidParameterException');
    expect(
      apiError('PutLogEvents', { logGroupName: 'g', logStreamName: 's', logEvents: [{ timestamp: T0 }] })
        .type,
    ).toBe('InvalidParameterException');
    const order = apiError('PutLogEvents', {
      logGroupName: 'g',
      logStreamName: 's',
      logEvents: [
        { timestamp: T0, message: 'b' },
        { timestamp: T0 - 1, message: 'a' },
      ],
    });
    expect(order.message).toMatch(/chronological order/);
    const noStream = apiError('PutLogEvents', {
      logGroupName: 'g',
      logStreamName: 'x',
      logEvents: [{ timestamp: T0, message: 'm' }],
    });
    expect([noStream.type, noStream.message]).toEqual([
      'ResourceNotFoundException',
      'The specified log stream does not exist.',
    ]);
  });

  it('rejects too-old and too-new events but stores the rest', () => {
    const day = 86_400_000;
    const res = put('g', 's', [
      [T0 - 15 * day, 'old'],
      [T0 - 1000, 'ok'],
      [T0 + 3 * 3_600_000, 'future'],
    ]);
    expect(res.rejectedLogEventsInfo).toEqual({ tooOldLogEventEndIndex: 1, tooNewLogEventStartIndex: 2 });
    const { events } = call('GetLogEvents', { logGroupName: 'g', logStreamName: 's', startFromHead: true });
    expect(events.map((e: { message: string }) => e.message)).toEqual(['ok']);
  });
});

describe('GetLogEvents', () => {
  const messages = (res: { events: { message: string }[] }) => res.events.map((e) => e.message);

  beforeEach(() => {
    call('CreateLogGroup', { logGroupName: 'g' });
    call('CreateLogStream', { logGroupName: 'g', logStreamName: 's' });
    put(
      'g',
      's',
      [1, 2, 3, 4, 5].map((i) => [T0 - 100 + i, `e${i}`] as [number, string]),
    );
  });

  it('returns the latest events by default and pages backwards', () => {
    const latest = call('GetLogEvents', { logGroupName: 'g', logStreamName: 's', limit: 2 });
    expect(messages(latest)).toEqual(['e4', 'e5']);
    expect(latest.nextForwardToken).toMatch(/^f\/\d{56}$/);
    expect(latest.nextBackwardToken).toMatch(/^b\/\d{56}$/);
    const older = call('GetLogEvents', {
      logGroupName: 'g',
      logStreamName: 's',
      limit: 2,
      nextToken: latest.nextBackwardToken,
    });
    expect(messages(older)).toEqual(['e2', 'e3']);
    const oldest = call('GetLogEvents', {
      logGroupName: 'g',
      logStreamName: 's',
      limit: 2,
      nextToken: older.nextBackwardToken,
    });
    expect(messages(oldest)).toEqual(['e1']);
    const none = call('GetLogEvents', {
      logGroupName: 'g',
      logStreamName: 's',
      limit: 2,
      nextToken: oldest.nextBackwardToken,
    });
    expect(none.events).toEqual([]);
    expect(none.nextBackwardToken).toBe(oldest.nextBackwardToken); // start of stream: same token back
  });

  it('reads from the head, follows new events with the forward token', () => {
    const head = call('GetLogEvents', {
      logGroupName: 'g',
      logStreamName: 's',
      limit: 3,
      startFromHead: true,
    });
    expect(messages(head)).toEqual(['e1', 'e2', 'e3']);
    const rest = call('GetLogEvents', {
      logGroupName: 'g',
      logStreamName: 's',
      nextToken: head.nextForwardToken,
      startFromHead: true,
    });
    expect(messages(rest)).toEqual(['e4', 'e5']);
    expect(rest.events[0]).toEqual({ timestamp: T0 - 96, message: 'e4', ingestionTime: expect.any(Number) });
    const end = call('GetLogEvents', {
      logGroupName: 'g',
      logStreamName: 's',
      nextToken: rest.nextForwardToken,
      startFromHead: true,
    });
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(rest.nextForwardToken); // end of stream: same token back
    put('g', 's', [[T0, 'new']]);
    const tail = call('GetLogEvents', {
      logGroupName: 'g',
      logStreamName: 's',
      nextToken: end.nextForwardToken,
      startFromHead: true,
    });
    expect(messages(tail)).toEqual(['new']);
  });

  it('applies startTime (inclusive) and endTime (exclusive)', () => {
    const res = call('GetLogEvents', {
      logGroupName: 'g',
      logStreamName: 's',
      startTime: T0 - 98,
      endTime: T0 - 96,
      startFromHead: true,
    });
    expect(messages(res)).toEqual(['e2', 'e3']);
    expect(apiError('GetLogEvents', { logGroupName: 'g', logStreamName: 's', nextToken: 'x/1' }).type).toBe(
      'InvalidParameterException',
    );
    expect(apiError('GetLogEvents', { logGroupName: 'g', logStreamName: 'nope' }).type).toBe(
      'ResourceNotFoundException',
    );
  });
});

describe('FilterLogEvents', () => {
  beforeEach(() => {
    call('CreateLogGroup', { logGroupName: 'g' });
    for (const s of ['a', 'b', 'c']) call('CreateLogStream', { logGroupName: 'g', logStreamName: s });
    put('g', 'a', [
      [T0 - 50, '{"executionArn":"arn:exec:1","handler":"CreateTask"}'],
      [T0 - 20, 'START RequestId: r1'],
    ]);
    put('g', 'b', [
      [T0 - 40, '{"executionArn":"arn:exec:2","handler":"CreateTask"}'],
      [T0 - 30, 'ERROR boom in arn:exec:1'],
    ]);
    put('g', 'c', [[T0 - 10, 'plain text arn:exec:1 done']]);
  });

  const filter = (req: object) => call('FilterLogEvents', { logGroupName: 'g', ...req });
  const messages = (res: { events: { message: string }[] }) => res.events.map((e) => e.message);

  it('interleaves streams by time and returns AWS fields', () => {
    const res = filter({});
    expect(res.events.map((e: { logStreamName: string }) => e.logStreamName)).toEqual([
      'a',
      'b',
      'b',
      'a',
      'c',
    ]);
    expect(res.events[0]).toEqual({
      logStreamName: 'a',
      timestamp: T0 - 50,
      message: '{"executionArn":"arn:exec:1","handler":"CreateTask"}',
      ingestionTime: expect.any(Number),
      eventId: expect.stringMatching(/^\d+$/),
    });
    expect(res.searchedLogStreams).toEqual(
      ['a', 'b', 'c'].map((logStreamName) => ({ logStreamName, searchedCompletely: true })),
    );
    expect(res.nextToken).toBeUndefined();
  });

  it('matches terms and quoted phrases, all required', () => {
    expect(messages(filter({ filterPattern: '"arn:exec:1"' }))).toHaveLength(3);
    expect(messages(filter({ filterPattern: '"arn:exec:1" ERROR' }))).toEqual(['ERROR boom in arn:exec:1']);
    expect(messages(filter({ filterPattern: '"\\"handler\\":\\"CreateTask\\""' }))).toHaveLength(2);
    expect(messages(filter({ filterPattern: 'CreateTask -"arn:exec:2"' }))).toEqual([
      '{"executionArn":"arn:exec:1","handler":"CreateTask"}',
    ]);
    expect(messages(filter({ filterPattern: '?START ?done' }))).toEqual([
      'START RequestId: r1',
      'plain text arn:exec:1 done',
    ]);
    expect(messages(filter({ filterPattern: 'error' }))).toEqual([]); // case-sensitive, as AWS
  });

  it('restricts by stream names, prefix and inclusive time range', () => {
    expect(messages(filter({ logStreamNames: ['c', 'b'] }))).toHaveLength(3);
    expect(filter({ logStreamNamePrefix: 'c' }).searchedLogStreams).toEqual([
      { logStreamName: 'c', searchedCompletely: true },
    ]);
    expect(messages(filter({ startTime: T0 - 40, endTime: T0 - 20 }))).toEqual([
      '{"executionArn":"arn:exec:2","handler":"CreateTask"}',
      'ERROR boom in arn:exec:1',
      'START RequestId: r1',
    ]);
    expect(
      apiError('FilterLogEvents', { logGroupName: 'g', logStreamNames: ['a'], logStreamNamePrefix: 'a' })
        .type,
    ).toBe('InvalidParameterException');
    expect(apiError('FilterLogEvents', { logGroupName: 'nope' }).message).toBe(
      'The specified log group does not exist.',
    );
  });

  it('pages with nextToken without losing or repeating events', () => {
    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = filter({ filterPattern: '"arn:exec:1"', limit: 1, nextToken });
      seen.push(...messages(page));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken && pages < 10);
    expect(seen).toEqual([
      '{"executionArn":"arn:exec:1","handler":"CreateTask"}',
      'ERROR boom in arn:exec:1',
      'plain text arn:exec:1 done',
    ]);
    expect(pages).toBe(3);
  });
});

describe('compileFilterPattern', () => {
  it('matches everything when empty and rejects JSON patterns', () => {
    expect(compileFilterPattern(undefined)('anything')).toBe(true);
    expect(compileFilterPattern('  ')('anything')).toBe(true);
    expect(() => compileFilterPattern('{ $.x = 1 }')).toThrow(ApiError);
    expect(() => compileFilterPattern('"unbalanced')).toThrow(ApiError);
  });
});
