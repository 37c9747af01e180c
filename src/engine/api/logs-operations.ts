// CloudWatch Logs operations (AWS JSON 1.1, target prefix `Logs_20140328.`) over LogStore.
// Field names, defaults, limits and error names follow the CloudWatch Logs API reference.
import { LOG_GROUP_NAME_PATTERN, logGroupArn, parseLogGroupArn } from '../../aws/arn.js';
import { LOG_EVENT_OVERHEAD_BYTES, MAX_LOG_BATCH_BYTES, MAX_LOG_EVENT_AGE_MS } from '../../aws/limits.js';
import { ApiError } from './errors.js';
import { checkInteger, checkString, constraintError } from './fields.js';
import type { OperationTable } from './operation.js';
import type {
  EventPosition,
  InputLogEvent,
  LogGroupRecord,
  LogStore,
  LogStreamRecord,
  StoredLogEvent,
  StreamCursor,
  StreamOrder,
} from '../store/logs.js';

export const LOGS_TARGET_PREFIX = 'Logs_20140328.';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MAX_EVENT_BYTES = MAX_LOG_BATCH_BYTES - LOG_EVENT_OVERHEAD_BYTES;
const LOG_GROUP_NAME = new RegExp(`^${LOG_GROUP_NAME_PATTERN}$`);

const invalid = (message: string) => new ApiError('InvalidParameterException', message);
const groupNotFound = () =>
  new ApiError('ResourceNotFoundException', 'The specified log group does not exist.');
const streamNotFound = () =>
  new ApiError('ResourceNotFoundException', 'The specified log stream does not exist.');

/** CloudWatch Logs' request validation error. */
const constraint = constraintError('InvalidParameterException');

type Req = Record<string, unknown>;

const optString = (req: Req, field: string, min = 1, max = 512) =>
  checkString(req[field], field, { min, max }, constraint);

function reqString(req: Req, field: string, min = 1, max = 512): string {
  const v = optString(req, field, min, max);
  if (v === undefined) throw constraint(null, field, 'Member must not be null');
  return v;
}

const optInt = (req: Req, field: string, min: number, max: number) =>
  checkInteger(req[field], field, min, max, constraint);

function optBool(req: Req, field: string): boolean | undefined {
  const v = req[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw constraint(v, field, 'Member must be a boolean');
  return v;
}

function checkGroupName(name: string, field = 'logGroupName'): string {
  if (!LOG_GROUP_NAME.test(name)) {
    throw constraint(
      name,
      field,
      `Member must satisfy regular expression pattern: ${LOG_GROUP_NAME_PATTERN}`,
    );
  }
  return name;
}

function checkStreamName(name: string, field = 'logStreamName'): string {
  if (/[:*]/.test(name))
    throw constraint(name, field, 'Member must satisfy regular expression pattern: [^:*]*');
  return name;
}

// Opaque page tokens: base64url JSON, rejected as InvalidParameterException when tampered with.
function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decodeToken<T>(token: string, check: (v: unknown) => v is T): T {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (check(value)) return value;
  } catch {
    // fall through
  }
  throw invalid('The specified nextToken is invalid.');
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isPosition = (v: unknown): v is EventPosition =>
  isObj(v) && Number.isInteger(v.timestamp) && Number.isInteger(v.id);

// GetLogEvents tokens look like AWS's: `f/` or `b/` followed by 56 digits.
function positionToken(direction: 'f' | 'b', p: EventPosition): string {
  return `${direction}/${String(Math.max(0, p.timestamp)).padStart(20, '0')}${String(p.id).padStart(36, '0')}`;
}

function parsePositionToken(token: string): { direction: 'f' | 'b'; position: EventPosition } {
  const m = /^([fb])\/(\d{20})(\d{36})$/.exec(token);
  if (!m) throw invalid('The specified nextToken is invalid.');
  return {
    direction: m[1] as 'f' | 'b',
    position: { timestamp: Number(m[2]), id: Number(m[3]) },
  };
}

/** A FilterLogEvents pattern over unstructured text: terms and "quoted phrases", all required;
 * `-term` excludes, `?term` alternatives (any one must match). Matching is case-sensitive. */
export function compileFilterPattern(pattern: string | undefined): (message: string) => boolean {
  if (pattern === undefined || pattern.trim() === '') return () => true;
  if (/^\s*[{[]/.test(pattern)) {
    throw invalid('Invalid filter pattern: JSON and space-delimited filter patterns are not supported.');
  }
  const required: string[] = [];
  const excluded: string[] = [];
  const optional: string[] = [];
  const re = /([-?]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(pattern)) !== null) {
    const term = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
    if (term === '') continue;
    if (m[1] === '-') excluded.push(term);
    else if (m[1] === '?') optional.push(term);
    else required.push(term);
  }
  if (pattern.split('"').length % 2 === 0) throw invalid('Invalid filter pattern: unbalanced quotes.');
  return (message) =>
    required.every((t) => message.includes(t)) &&
    !excluded.some((t) => message.includes(t)) &&
    (optional.length === 0 || optional.some((t) => message.includes(t)));
}

export function logsOperations(store: LogStore, env: { region: string; accountId: string }): OperationTable {
  const groupArn = (name: string) => logGroupArn(env, name);

  /** logGroupName or logGroupIdentifier (a name or a log group ARN, with or without `:*`). */
  function groupOf(req: Req, required = true): string {
    const name = optString(req, 'logGroupName');
    const identifier = optString(req, 'logGroupIdentifier', 1, 2048);
    if (name !== undefined && identifier !== undefined) {
      throw invalid('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
    }
    let group = name;
    if (identifier !== undefined) {
      group = parseLogGroupArn(identifier)?.logGroupName ?? identifier;
    }
    if (group === undefined) {
      if (!required) return '';
      throw invalid('Either logGroupName or logGroupIdentifier must be specified.');
    }
    if (!store.getLogGroup(group)) throw groupNotFound();
    return group;
  }

  const describeGroup = (g: LogGroupRecord) => ({
    logGroupName: g.logGroupName,
    creationTime: g.creationTime,
    ...(g.retentionInDays !== null ? { retentionInDays: g.retentionInDays } : {}),
    metricFilterCount: 0,
    arn: `${groupArn(g.logGroupName)}:*`,
    storedBytes: g.storedBytes,
    logGroupClass: 'STANDARD',
    logGroupArn: groupArn(g.logGroupName),
  });

  const describeStream = (s: LogStreamRecord) => ({
    logStreamName: s.logStreamName,
    creationTime: s.creationTime,
    ...(s.firstEventTimestamp !== null ? { firstEventTimestamp: s.firstEventTimestamp } : {}),
    ...(s.lastEventTimestamp !== null ? { lastEventTimestamp: s.lastEventTimestamp } : {}),
    ...(s.lastIngestionTime !== null ? { lastIngestionTime: s.lastIngestionTime } : {}),
    uploadSequenceToken: sequenceToken(s.uploadSequence),
    arn: `${groupArn(s.logGroupName)}:log-stream:${s.logStreamName}`,
    storedBytes: 0, // deprecated for log streams: AWS reports zero
  });

  return {
    CreateLogGroup(req: Req) {
      const name = checkGroupName(reqString(req, 'logGroupName'));
      if (!store.createLogGroup(name)) {
        throw new ApiError('ResourceAlreadyExistsException', 'The specified log group already exists');
      }
      return {};
    },

    CreateLogStream(req: Req) {
      const group = checkGroupName(reqString(req, 'logGroupName'));
      const stream = checkStreamName(reqString(req, 'logStreamName'));
      if (!store.getLogGroup(group)) throw groupNotFound();
      if (!store.createLogStream(group, stream)) {
        throw new ApiError('ResourceAlreadyExistsException', 'The specified log stream already exists');
      }
      return {};
    },

    DeleteLogGroup(req: Req) {
      if (!store.deleteLogGroup(reqString(req, 'logGroupName'))) throw groupNotFound();
      return {};
    },

    DeleteLogStream(req: Req) {
      const group = reqString(req, 'logGroupName');
      if (!store.getLogGroup(group)) throw groupNotFound();
      if (!store.deleteLogStream(group, reqString(req, 'logStreamName'))) throw streamNotFound();
      return {};
    },

    DescribeLogGroups(req: Req) {
      const prefix = optString(req, 'logGroupNamePrefix');
      const pattern = optString(req, 'logGroupNamePattern', 0);
      if (prefix !== undefined && pattern !== undefined) {
        throw invalid('LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.');
      }
      const limit = optInt(req, 'limit', 1, 50) ?? 50;
      const token = optString(req, 'nextToken', 1, 4096);
      const after = token
        ? decodeToken(token, (v): v is { g: string } => isObj(v) && typeof v.g === 'string').g
        : undefined;
      const groups = store.listLogGroups({ prefix, pattern, afterName: after, limit: limit + 1 });
      const page = groups.slice(0, limit);
      return {
        logGroups: page.map(describeGroup),
        ...(groups.length > limit
          ? { nextToken: encodeToken({ g: page[page.length - 1].logGroupName }) }
          : {}),
      };
    },

    DescribeLogStreams(req: Req) {
      const group = groupOf(req);
      const prefix = optString(req, 'logStreamNamePrefix');
      const orderBy = (optString(req, 'orderBy') ?? 'LogStreamName') as StreamOrder;
      if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
        throw constraint(
          orderBy,
          'orderBy',
          'Member must satisfy enum value set: [LogStreamName, LastEventTime]',
        );
      }
      if (orderBy === 'LastEventTime' && prefix !== undefined) {
        throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
      }
      const descending = optBool(req, 'descending') ?? false;
      const limit = optInt(req, 'limit', 1, 50) ?? 50;
      const token = optString(req, 'nextToken', 1, 4096);
      const after = token
        ? decodeToken(
            token,
            (v): v is StreamCursor & { o: string; d: boolean } =>
              isObj(v) &&
              (typeof v.key === 'string' || typeof v.key === 'number') &&
              typeof v.name === 'string' &&
              v.o === orderBy &&
              v.d === descending,
          )
        : undefined;
      const streams = store.listLogStreams(group, { prefix, orderBy, descending, after, limit: limit + 1 });
      const page = streams.slice(0, limit);
      const last = page[page.length - 1];
      return {
        logStreams: page.map(describeStream),
        ...(streams.length > limit
          ? { nextToken: encodeToken({ ...store.streamCursor(last, orderBy), o: orderBy, d: descending }) }
          : {}),
      };
    },

    PutLogEvents(req: Req) {
      const group = reqString(req, 'logGroupName');
      const stream = reqString(req, 'logStreamName');
      const raw = req.logEvents;
      if (!Array.isArray(raw)) throw constraint(null, 'logEvents', 'Member must not be null');
      if (raw.length < 1)
        throw constraint('[]', 'logEvents', 'Member must have length greater than or equal to 1');
      if (raw.length > 10_000) {
        throw constraint(
          `${raw.length} events`,
          'logEvents',
          'Member must have length less than or equal to 10000',
        );
      }
      let batchBytes = 0;
      const events: InputLogEvent[] = raw.map((e: unknown, i: number) => {
        const field = `logEvents.${i + 1}.member`;
        if (!isObj(e)) throw constraint(e, field, 'Member must not be null');
        if (typeof e.timestamp !== 'number' || !Number.isInteger(e.timestamp)) {
          throw constraint(e.timestamp, `${field}.timestamp`, 'Member must not be null');
        }
        if (typeof e.message !== 'string')
          throw constraint(e.message, `${field}.message`, 'Member must not be null');
        if (e.message.length < 1) {
          throw constraint(
            e.message,
            `${field}.message`,
            'Member must have length greater than or equal to 1',
          );
        }
        const bytes = Buffer.byteLength(e.message, 'utf8');
        if (bytes > MAX_EVENT_BYTES) throw invalid('Log event too large.');
        batchBytes += bytes + LOG_EVENT_OVERHEAD_BYTES;
        return { timestamp: e.timestamp, message: e.message };
      });
      if (batchBytes > MAX_LOG_BATCH_BYTES)
        throw invalid(`Upload too large: the batch exceeds ${MAX_LOG_BATCH_BYTES} bytes.`);
      for (let i = 1; i < events.length; i++) {
        if (events[i].timestamp < events[i - 1].timestamp) {
          throw invalid('Log events in a single PutLogEvents request must be in chronological order.');
        }
      }
      if (!store.getLogGroup(group)) throw groupNotFound();
      if (!store.getLogStream(group, stream)) throw streamNotFound();

      // Too-old events are a prefix and too-new events a suffix of the sorted batch: AWS rejects
      // them and keeps the rest, reporting the boundaries in rejectedLogEventsInfo.
      const now = store.now();
      const retention = store.getLogGroup(group)?.retentionInDays ?? null;
      let tooOldEnd = 0;
      while (tooOldEnd < events.length && events[tooOldEnd].timestamp < now - MAX_LOG_EVENT_AGE_MS)
        tooOldEnd++;
      let expiredEnd = tooOldEnd;
      if (retention !== null) {
        while (expiredEnd < events.length && events[expiredEnd].timestamp < now - retention * DAY)
          expiredEnd++;
      }
      let tooNewStart = events.length;
      while (tooNewStart > expiredEnd && events[tooNewStart - 1].timestamp > now + 2 * HOUR) tooNewStart--;
      const accepted = events.slice(expiredEnd, tooNewStart);
      if (accepted.length > 0 && accepted[accepted.length - 1].timestamp - accepted[0].timestamp > DAY) {
        throw invalid(
          'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
        );
      }
      const result = store.append(group, stream, accepted);
      const rejected = {
        ...(tooNewStart < events.length ? { tooNewLogEventStartIndex: tooNewStart } : {}),
        ...(tooOldEnd > 0 ? { tooOldLogEventEndIndex: tooOldEnd } : {}),
        ...(expiredEnd > tooOldEnd ? { expiredLogEventEndIndex: expiredEnd } : {}),
      };
      return {
        nextSequenceToken: sequenceToken(result.uploadSequence),
        ...(Object.keys(rejected).length > 0 ? { rejectedLogEventsInfo: rejected } : {}),
      };
    },

    GetLogEvents(req: Req) {
      const group = groupOf(req);
      const stream = reqString(req, 'logStreamName');
      if (!store.getLogStream(group, stream)) throw streamNotFound();
      const startTime = optInt(req, 'startTime', 0, Number.MAX_SAFE_INTEGER);
      const endTime = optInt(req, 'endTime', 0, Number.MAX_SAFE_INTEGER);
      const limit = optInt(req, 'limit', 1, 10_000) ?? 10_000;
      const startFromHead = optBool(req, 'startFromHead') ?? false;
      const token = optString(req, 'nextToken', 1, 4096);

      // With a token, its direction decides; without one, startFromHead picks the oldest page
      // or (by default) the newest page.
      const parsed = token !== undefined ? parsePositionToken(token) : undefined;
      const direction = parsed
        ? parsed.direction === 'f'
          ? 'forward'
          : 'backward'
        : startFromHead
          ? 'forward'
          : 'backward';
      const events = store.readStream(group, stream, {
        startTime,
        endTime,
        direction,
        from: parsed?.position,
        limit,
      });

      let forwardFrom: EventPosition;
      let backwardFrom: EventPosition;
      if (events.length > 0) {
        backwardFrom = events[0];
        forwardFrom = events[events.length - 1];
      } else if (parsed) {
        backwardFrom = forwardFrom = parsed.position; // end of the stream: the same position again
      } else if (direction === 'forward') {
        backwardFrom = forwardFrom = { timestamp: 0, id: 0 }; // empty: read forward from the beginning
      } else {
        // newest-first with nothing in range: forward reads continue after everything stored so far
        const latest = store.readStream(group, stream, { direction: 'backward', limit: 1 });
        backwardFrom = forwardFrom = latest[0] ?? { timestamp: 0, id: 0 };
      }
      return {
        events: events.map((e) => ({
          timestamp: e.timestamp,
          message: e.message,
          ingestionTime: e.ingestionTime,
        })),
        nextForwardToken: positionToken('f', forwardFrom),
        nextBackwardToken: positionToken('b', backwardFrom),
      };
    },

    FilterLogEvents(req: Req) {
      const group = groupOf(req);
      const names = req.logStreamNames;
      if (names !== undefined && names !== null) {
        if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
          throw constraint(names, 'logStreamNames', 'Member must be a list of strings');
        }
        if (names.length < 1 || names.length > 100) {
          throw constraint(
            `${names.length} names`,
            'logStreamNames',
            'Member must have length between 1 and 100',
          );
        }
      }
      const streamNames = (names ?? undefined) as string[] | undefined;
      const streamPrefix = optString(req, 'logStreamNamePrefix');
      if (streamNames !== undefined && streamPrefix !== undefined) {
        throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
      }
      const startTime = optInt(req, 'startTime', 0, Number.MAX_SAFE_INTEGER);
      const endTime = optInt(req, 'endTime', 0, Number.MAX_SAFE_INTEGER);
      if (startTime !== undefined && endTime !== undefined && endTime < startTime) {
        throw invalid('endTime must be greater than or equal to startTime.');
      }
      const limit = optInt(req, 'limit', 1, 10_000) ?? 10_000;
      const matches = compileFilterPattern(optString(req, 'filterPattern', 0, 1024));
      const token = optString(req, 'nextToken', 1, 4096);
      const from = token ? decodeToken(token, isPosition) : undefined;

      const found: StoredLogEvent[] = [];
      let more = false;
      for (const e of store.scanGroup(group, { streamNames, streamPrefix, startTime, endTime, from })) {
        if (!matches(e.message)) continue;
        if (found.length === limit) {
          more = true;
          break;
        }
        found.push(e);
      }

      const searched = streamNames
        ? streamNames.filter((n) => store.getLogStream(group, n) !== undefined)
        : store
            .listLogStreams(group, {
              prefix: streamPrefix,
              orderBy: 'LogStreamName',
              descending: false,
              limit: 1_000_000,
            })
            .map((s) => s.logStreamName);
      const last = found[found.length - 1];
      return {
        events: found.map((e) => ({
          logStreamName: e.logStreamName,
          timestamp: e.timestamp,
          message: e.message,
          ingestionTime: e.ingestionTime,
          eventId: eventId(e),
        })),
        searchedLogStreams: searched.map((logStreamName) => ({ logStreamName, searchedCompletely: !more })),
        ...(more ? { nextToken: encodeToken({ timestamp: last.timestamp, id: last.id }) } : {}),
      };
    },
  };
}

// AWS sequence tokens and event ids are long digit strings; ours encode a counter / the row id.
function sequenceToken(n: number): string {
  return String(n).padStart(56, '0');
}

function eventId(e: StoredLogEvent): string {
  return `${String(e.timestamp).padStart(20, '0')}${String(e.id).padStart(36, '0')}`;
}
