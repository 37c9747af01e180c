import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogStore } from '../../../src/engine/store/logs.js';
import { OffsetClock } from '../../../src/engine/runtime/clock.js';

let db: Database.Database;
let clock: OffsetClock;
let store: LogStore;

beforeEach(() => {
  db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  clock = new OffsetClock();
  store = new LogStore(db, clock);
});

afterEach(() => db.close());

describe('LogStore', () => {
  it('creates its tables idempotently, sharing the database', () => {
    store.append('g', 's', [{ timestamp: 1, message: 'kept' }]);
    const again = new LogStore(db, clock);
    expect(again.readStream('g', 's', { direction: 'forward', limit: 10 }).map((e) => e.message)).toEqual([
      'kept',
    ]);
  });

  it('append creates the group and stream, and tracks timestamps, sequence and bytes', () => {
    clock.offsetMs = 0;
    const r1 = store.append('/aws/lambda/F', 'stream', [
      { timestamp: 1000, message: 'héllo' },
      { timestamp: 3000, message: 'b' },
    ]);
    const r2 = store.append('/aws/lambda/F', 'stream', [{ timestamp: 500, message: 'late' }]);
    expect(r2.uploadSequence).toBe(r1.uploadSequence + 1);
    const stream = store.getLogStream('/aws/lambda/F', 'stream')!;
    expect(stream).toMatchObject({
      firstEventTimestamp: 500,
      lastEventTimestamp: 3000,
      lastIngestionTime: r2.ingestionTime,
    });
    expect(store.getLogGroup('/aws/lambda/F')!.storedBytes).toBe(6 + 1 + 4); // UTF-8 bytes
  });

  it('append is one transaction: a failure leaves nothing behind', () => {
    const bad = [
      { timestamp: 1, message: 'ok' },
      { timestamp: 2, message: null as unknown as string },
    ];
    expect(() => store.append('g', 's', bad)).toThrow();
    expect(store.getLogGroup('g')).toBeUndefined();
  });

  it('reads a stream in (timestamp, id) order, both directions, within [start, end)', () => {
    store.append('g', 's', [
      { timestamp: 10, message: 'a' },
      { timestamp: 20, message: 'b' },
      { timestamp: 20, message: 'c' },
      { timestamp: 30, message: 'd' },
    ]);
    const read = (o: Parameters<LogStore['readStream']>[2]) =>
      store.readStream('g', 's', o).map((e) => e.message);
    expect(read({ direction: 'forward', limit: 10 })).toEqual(['a', 'b', 'c', 'd']);
    expect(read({ direction: 'backward', limit: 2 })).toEqual(['c', 'd']);
    expect(read({ direction: 'forward', limit: 10, startTime: 20, endTime: 30 })).toEqual(['b', 'c']);
    const [b] = store.readStream('g', 's', { direction: 'forward', limit: 1, startTime: 20 });
    expect(read({ direction: 'forward', limit: 10, from: b })).toEqual(['c', 'd']);
    expect(read({ direction: 'backward', limit: 10, from: b })).toEqual(['a']);
  });

  it('scans a group interleaved across streams, filtered by names or prefix, inclusive range', () => {
    store.append('g', 'one', [
      { timestamp: 1, message: '1a' },
      { timestamp: 4, message: '1b' },
    ]);
    store.append('g', 'two', [
      { timestamp: 2, message: '2a' },
      { timestamp: 3, message: '2b' },
    ]);
    store.append('g', 'other', [{ timestamp: 5, message: 'oa' }]);
    const scan = (o: Parameters<LogStore['scanGroup']>[1]) =>
      [...store.scanGroup('g', o)].map((e) => e.message);
    expect(scan({})).toEqual(['1a', '2a', '2b', '1b', 'oa']);
    expect(scan({ streamNames: ['two', 'other'] })).toEqual(['2a', '2b', 'oa']);
    expect(scan({ streamPrefix: 'o' })).toEqual(['1a', '1b', 'oa']);
    expect(scan({ startTime: 2, endTime: 4 })).toEqual(['2a', '2b', '1b']);
  });

  it('lists groups by prefix and pattern; streams by name or last event time', () => {
    for (const g of ['/aws/lambda/B', '/aws/lambda/A', '/other']) store.ensureLogGroup(g);
    expect(store.listLogGroups({ prefix: '/aws/', limit: 10 }).map((g) => g.logGroupName)).toEqual([
      '/aws/lambda/A',
      '/aws/lambda/B',
    ]);
    expect(store.listLogGroups({ pattern: 'OTH', limit: 10 }).map((g) => g.logGroupName)).toEqual(['/other']);
    expect(store.listLogGroups({ afterName: '/aws/lambda/A', limit: 1 }).map((g) => g.logGroupName)).toEqual([
      '/aws/lambda/B',
    ]);

    store.append('g', 'x', [{ timestamp: 300, message: 'm' }]);
    store.append('g', 'y', [{ timestamp: 100, message: 'm' }]);
    store.ensureLogStream('g', 'z'); // no events: sorts as time 0
    const names = (o: Parameters<LogStore['listLogStreams']>[1]) =>
      store.listLogStreams('g', o).map((s) => s.logStreamName);
    expect(names({ orderBy: 'LastEventTime', descending: true, limit: 10 })).toEqual(['x', 'y', 'z']);
    expect(names({ orderBy: 'LogStreamName', descending: true, limit: 10 })).toEqual(['z', 'y', 'x']);
    const [first] = store.listLogStreams('g', { orderBy: 'LastEventTime', descending: false, limit: 1 });
    expect(
      names({
        orderBy: 'LastEventTime',
        descending: false,
        limit: 10,
        after: store.streamCursor(first, 'LastEventTime'),
      }),
    ).toEqual(['y', 'x']);
  });

  it('deleting a group removes its streams and events', () => {
    store.append('g', 's', [{ timestamp: 1, message: 'a' }]);
    expect(store.deleteLogGroup('g')).toBe(true);
    expect(store.getLogStream('g', 's')).toBeUndefined();
    expect(db.prepare('SELECT count(*) AS n FROM log_events').get()).toEqual({ n: 0 });
  });
});
