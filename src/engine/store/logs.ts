import type { Db } from './db.js';
import { Where } from './where.js';

/** One event as a writer hands it in (CloudWatch Logs' InputLogEvent). */
export interface InputLogEvent {
  timestamp: number; // epoch milliseconds
  message: string;
}

export interface LogGroupRecord {
  logGroupName: string;
  creationTime: number;
  retentionInDays: number | null;
  storedBytes: number;
}

export interface LogStreamRecord {
  logGroupName: string;
  logStreamName: string;
  creationTime: number;
  firstEventTimestamp: number | null;
  lastEventTimestamp: number | null;
  lastIngestionTime: number | null;
  uploadSequence: number;
}

export interface StoredLogEvent {
  id: number; // ascending in insertion order, never reused: the tiebreaker after timestamp
  logStreamName: string;
  timestamp: number;
  message: string;
  ingestionTime: number;
}

/** A position between events of the (timestamp, id) order, used by paging tokens. */
export interface EventPosition {
  timestamp: number;
  id: number;
}

export interface AppendResult {
  ingestionTime: number;
  uploadSequence: number;
}

export type StreamOrder = 'LogStreamName' | 'LastEventTime';

/** Keyset cursor for DescribeLogStreams: the sort key and name of the last stream returned. */
export interface StreamCursor {
  key: string | number;
  name: string;
}

interface GroupRow {
  name: string;
  creation_time: number;
  retention_in_days: number | null;
  stored_bytes: number;
}

interface StreamRow {
  group_name: string;
  name: string;
  creation_time: number;
  first_event_timestamp: number | null;
  last_event_timestamp: number | null;
  last_ingestion_time: number | null;
  upload_sequence: number;
}

interface EventRow {
  id: number;
  stream_name: string;
  timestamp: number;
  message: string;
  ingestion_time: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS log_groups (
  name TEXT PRIMARY KEY,
  creation_time INTEGER NOT NULL,
  retention_in_days INTEGER,
  stored_bytes INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS log_streams (
  group_name TEXT NOT NULL REFERENCES log_groups(name) ON DELETE CASCADE,
  name TEXT NOT NULL,
  creation_time INTEGER NOT NULL,
  first_event_timestamp INTEGER,
  last_event_timestamp INTEGER,
  last_ingestion_time INTEGER,
  upload_sequence INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (group_name, name)
);
CREATE TABLE IF NOT EXISTS log_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  group_name TEXT NOT NULL,
  stream_name TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  ingestion_time INTEGER NOT NULL,
  message TEXT NOT NULL,
  FOREIGN KEY (group_name, stream_name) REFERENCES log_streams(group_name, name) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS log_events_by_stream_time ON log_events (group_name, stream_name, timestamp, id);
CREATE INDEX IF NOT EXISTS log_events_by_group_time ON log_events (group_name, timestamp, id);
`;

const toGroup = (r: GroupRow): LogGroupRecord => ({
  logGroupName: r.name,
  creationTime: r.creation_time,
  retentionInDays: r.retention_in_days,
  storedBytes: r.stored_bytes,
});

const toStream = (r: StreamRow): LogStreamRecord => ({
  logGroupName: r.group_name,
  logStreamName: r.name,
  creationTime: r.creation_time,
  firstEventTimestamp: r.first_event_timestamp,
  lastEventTimestamp: r.last_event_timestamp,
  lastIngestionTime: r.last_ingestion_time,
  uploadSequence: r.upload_sequence,
});

const toEvent = (r: EventRow): StoredLogEvent => ({
  id: r.id,
  logStreamName: r.stream_name,
  timestamp: r.timestamp,
  message: r.message,
  ingestionTime: r.ingestion_time,
});

/**
 * The CloudWatch Logs–compatible store: log groups, streams and events in the engine's SQLite
 * file. Events are ordered by (timestamp, id); every paging token is a position in that order,
 * so tokens stay valid while new events arrive.
 */
export class LogStore {
  constructor(
    private readonly db: Db,
    /** The engine's clock (runtime/clock.ts), structurally: the store sits below the runtime. */
    private readonly clock: { now(): number },
  ) {
    db.exec(SCHEMA);
  }

  /** The store's clock, so API validation (e.g. PutLogEvents' time window) agrees with ingestion. */
  now(): number {
    return this.clock.now();
  }

  /** Creates the group; false when it already existed. */
  createLogGroup(name: string): boolean {
    const info = this.db
      .prepare('INSERT OR IGNORE INTO log_groups (name, creation_time) VALUES (?, ?)')
      .run(name, this.clock.now());
    return info.changes > 0;
  }

  /** Creates the stream; false when it already existed. The group must exist. */
  createLogStream(group: string, stream: string): boolean {
    const info = this.db
      .prepare('INSERT OR IGNORE INTO log_streams (group_name, name, creation_time) VALUES (?, ?, ?)')
      .run(group, stream, this.clock.now());
    return info.changes > 0;
  }

  ensureLogGroup(name: string): void {
    this.createLogGroup(name);
  }

  ensureLogStream(group: string, stream: string): void {
    this.db.transaction(() => {
      this.createLogGroup(group);
      this.createLogStream(group, stream);
    })();
  }

  deleteLogGroup(name: string): boolean {
    return this.db.prepare('DELETE FROM log_groups WHERE name = ?').run(name).changes > 0;
  }

  deleteLogStream(group: string, stream: string): boolean {
    return (
      this.db.prepare('DELETE FROM log_streams WHERE group_name = ? AND name = ?').run(group, stream)
        .changes > 0
    );
  }

  getLogGroup(name: string): LogGroupRecord | undefined {
    const row = this.db.prepare('SELECT * FROM log_groups WHERE name = ?').get(name) as GroupRow | undefined;
    return row && toGroup(row);
  }

  getLogStream(group: string, stream: string): LogStreamRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM log_streams WHERE group_name = ? AND name = ?')
      .get(group, stream) as StreamRow | undefined;
    return row && toStream(row);
  }

  /**
   * Appends events to a stream (creating group and stream if missing) in one transaction.
   * Events are stored as given; callers that need AWS's ordering rules check them first.
   */
  append(group: string, stream: string, events: readonly InputLogEvent[]): AppendResult {
    const ingestionTime = this.clock.now();
    const insert = this.db.prepare(
      'INSERT INTO log_events (group_name, stream_name, timestamp, ingestion_time, message) VALUES (?, ?, ?, ?, ?)',
    );
    return this.db.transaction((): AppendResult => {
      this.createLogGroup(group);
      this.createLogStream(group, stream);
      let bytes = 0;
      let first = Infinity;
      let last = -Infinity;
      for (const e of events) {
        insert.run(group, stream, Math.trunc(e.timestamp), ingestionTime, e.message);
        bytes += Buffer.byteLength(e.message, 'utf8');
        first = Math.min(first, e.timestamp);
        last = Math.max(last, e.timestamp);
      }
      const row = (
        events.length > 0
          ? this.db
              .prepare(
                `UPDATE log_streams SET upload_sequence = upload_sequence + 1,
                   first_event_timestamp = min(coalesce(first_event_timestamp, ?), ?),
                   last_event_timestamp = max(coalesce(last_event_timestamp, ?), ?),
                   last_ingestion_time = ?
                 WHERE group_name = ? AND name = ? RETURNING upload_sequence`,
              )
              .get(first, first, last, last, ingestionTime, group, stream)
          : this.db
              .prepare(
                `UPDATE log_streams SET upload_sequence = upload_sequence + 1
                 WHERE group_name = ? AND name = ? RETURNING upload_sequence`,
              )
              .get(group, stream)
      ) as { upload_sequence: number };
      if (bytes > 0) {
        this.db
          .prepare('UPDATE log_groups SET stored_bytes = stored_bytes + ? WHERE name = ?')
          .run(bytes, group);
      }
      return { ingestionTime, uploadSequence: row.upload_sequence };
    })();
  }

  /** Groups by name, ascending, after `afterName` when paging. */
  listLogGroups(options: {
    prefix?: string;
    pattern?: string; // case-insensitive substring, as logGroupNamePattern
    afterName?: string;
    limit: number;
  }): LogGroupRecord[] {
    const where = new Where()
      .startsWith('name', options.prefix)
      .add('instr(lower(name), lower(?)) > 0', options.pattern)
      .add('name > ?', options.afterName);
    const sql = `SELECT * FROM log_groups ${where} ORDER BY name LIMIT ?`;
    const rows = this.db.prepare(sql).all(...where.args, options.limit) as GroupRow[];
    return rows.map(toGroup);
  }

  /**
   * Streams of a group ordered by name or by last event time (streams without events sort
   * as time 0), with the stream name as tiebreaker; `after` is the last stream of the previous page.
   */
  listLogStreams(
    group: string,
    options: {
      prefix?: string;
      orderBy: StreamOrder;
      descending: boolean;
      after?: StreamCursor;
      limit: number;
    },
  ): LogStreamRecord[] {
    const key = options.orderBy === 'LastEventTime' ? 'coalesce(last_event_timestamp, 0)' : 'name';
    const cmp = options.descending ? '<' : '>';
    const dir = options.descending ? 'DESC' : 'ASC';
    const where = new Where()
      .add('group_name = ?', group)
      .startsWith('name', options.prefix)
      .after(key, 'name', cmp, options.after && { key: options.after.key, tie: options.after.name });
    const sql = `SELECT * FROM log_streams ${where} ORDER BY ${key} ${dir}, name ${dir} LIMIT ?`;
    const rows = this.db.prepare(sql).all(...where.args, options.limit) as StreamRow[];
    return rows.map(toStream);
  }

  /** The cursor that continues a DescribeLogStreams listing after `stream`. */
  streamCursor(stream: LogStreamRecord, orderBy: StreamOrder): StreamCursor {
    return {
      key: orderBy === 'LastEventTime' ? (stream.lastEventTimestamp ?? 0) : stream.logStreamName,
      name: stream.logStreamName,
    };
  }

  /**
   * Events of one stream in (timestamp, id) order within [startTime, endTime) — GetLogEvents'
   * range. `forward` reads ascending after `from`; backward reads descending before `from`
   * and returns the page in ascending order.
   */
  readStream(
    group: string,
    stream: string,
    options: {
      startTime?: number;
      endTime?: number;
      direction: 'forward' | 'backward';
      from?: EventPosition;
      limit: number;
    },
  ): StoredLogEvent[] {
    const forward = options.direction === 'forward';
    const where = new Where()
      .add('group_name = ?', group)
      .add('stream_name = ?', stream)
      .add('timestamp >= ?', options.startTime)
      .add('timestamp < ?', options.endTime)
      .after('timestamp', 'id', forward ? '>' : '<', options.from && positionKey(options.from));
    const dir = forward ? 'ASC' : 'DESC';
    const sql = `SELECT id, stream_name, timestamp, message, ingestion_time FROM log_events
      ${where} ORDER BY timestamp ${dir}, id ${dir} LIMIT ?`;
    const rows = this.db.prepare(sql).all(...where.args, options.limit) as EventRow[];
    if (!forward) rows.reverse();
    return rows.map(toEvent);
  }

  /**
   * Iterates a group's events, interleaved across streams in (timestamp, id) order within
   * [startTime, endTime] (FilterLogEvents' inclusive range), after `from` when paging.
   */
  *scanGroup(
    group: string,
    options: {
      streamNames?: readonly string[];
      streamPrefix?: string;
      startTime?: number;
      endTime?: number;
      from?: EventPosition;
    },
  ): Generator<StoredLogEvent> {
    const where = new Where()
      .add('group_name = ?', group)
      .add(
        'stream_name IN (SELECT value FROM json_each(?))',
        options.streamNames && JSON.stringify(options.streamNames),
      )
      .startsWith('stream_name', options.streamPrefix)
      .add('timestamp >= ?', options.startTime)
      .add('timestamp <= ?', options.endTime)
      .after('timestamp', 'id', '>', options.from && positionKey(options.from));
    const sql = `SELECT id, stream_name, timestamp, message, ingestion_time FROM log_events
      ${where} ORDER BY timestamp, id`;
    for (const row of this.db.prepare(sql).iterate(...where.args)) yield toEvent(row as EventRow);
  }
}

/** An event's place in (timestamp, id) order, as keyset paging compares it. */
function positionKey(from: EventPosition): { key: number; tie: number } {
  return { key: from.timestamp, tie: from.id };
}
