// Incremental reads of one execution's log lines from CloudWatch Logs (FilterLogEvents):
// the handler log groups filtered by the quoted execution ARN (the bundled handlers log it),
// plus Lambda's START/END/REPORT lines of the same request ids, and the state machine's own
// log group. Each poll reads from the newest line seen (less an overlap for late ingestion)
// and drops lines already seen by eventId.

import { isLambdaLogGroup, parseLogGroupArn } from '../../aws/arn.js';

export interface LogLine {
  timestamp: number;
  logGroupName: string;
  logStreamName: string;
  message: string;
  eventId: string;
}

export interface LogEventsPage {
  events: Array<{ eventId?: string; timestamp?: number; logStreamName?: string; message?: string }>;
  nextToken?: string;
}

/** What the tail needs from the CloudWatch Logs wrapper (CloudWatchLogs implements it). */
export interface LogSource {
  filterLogEventsPage(input: {
    logGroupName: string;
    filterPattern?: string;
    startTime?: number;
    nextToken?: string;
  }): Promise<LogEventsPage>;
}

export interface LogTailOptions {
  /** Read nothing older than this (ms since the epoch): the execution's start, less a second. */
  startTime?: number;
  /** Also pick up Lambda's START/END/REPORT lines of the execution's requests. */
  lifecycle?: boolean;
  /** How far behind the newest line each poll starts again (late-ingested lines), ms. */
  overlapMs?: number;
}

interface GroupCursor {
  startTime: number;
  seen: Map<string, number>; // eventId → timestamp, pruned behind startTime
  lambda: boolean;
}

const REQUEST_ID = /^(?:START|END|REPORT) RequestId: ([\w-]+)/;
const CONSOLE_LINE = /^\S+\t([\w-]{8,})\t/;
const MAX_OPEN_REQUESTS = 12; // keeps the filter pattern well under its 1,024-character limit
const OPEN_REQUEST_TTL_MS = 15 * 60_000;
const BACKFILL_MS = 60_000;

export class ExecutionLogTail {
  private readonly groups = new Map<string, GroupCursor>();
  private readonly openRequests = new Map<string, number>(); // request id → last seen
  private readonly startTime: number;
  private readonly lifecycle: boolean;
  private readonly overlapMs: number;

  constructor(
    private readonly source: LogSource,
    readonly executionArn: string,
    options: LogTailOptions = {},
  ) {
    this.startTime = Math.max(0, Math.floor(options.startTime ?? 0));
    this.lifecycle = options.lifecycle ?? true;
    this.overlapMs = options.overlapMs ?? 10_000;
  }

  get logGroups(): string[] {
    return [...this.groups.keys()];
  }

  /** Adds a log group to read; `lambda` groups also get their START/END/REPORT lines. */
  addGroup(logGroupName: string, options: { lambda?: boolean } = {}): boolean {
    if (this.groups.has(logGroupName)) return false;
    this.groups.set(logGroupName, {
      startTime: this.startTime,
      seen: new Map(),
      lambda: options.lambda ?? isLambdaLogGroup(logGroupName),
    });
    return true;
  }

  /** Lines not returned before, oldest first. */
  async poll(): Promise<LogLine[]> {
    const lines: LogLine[] = [];
    for (const [group, cursor] of this.groups) lines.push(...(await this.pollGroup(group, cursor)));
    return lines.sort((a, b) => a.timestamp - b.timestamp || a.eventId.localeCompare(b.eventId));
  }

  private async pollGroup(group: string, cursor: GroupCursor): Promise<LogLine[]> {
    const now = Date.now();
    for (const [id, seenAt] of this.openRequests) {
      if (now - seenAt > OPEN_REQUEST_TTL_MS) this.openRequests.delete(id);
    }
    const quoted = JSON.stringify(this.executionArn);
    const open = cursor.lambda && this.lifecycle ? [...this.openRequests.keys()] : [];
    const pattern = open.length
      ? [quoted, ...open.map((id) => JSON.stringify(id))].map((t) => `?${t}`).join(' ')
      : quoted;
    const found = await this.read(group, cursor, pattern, cursor.startTime);

    if (cursor.lambda && this.lifecycle) {
      // Request ids first seen now: their START line came before the line naming the execution.
      const fresh = new Map<string, number>();
      for (const line of found) {
        const id = CONSOLE_LINE.exec(line.message)?.[1];
        if (id && line.message.includes(this.executionArn) && !this.openRequests.has(id)) {
          fresh.set(id, Math.min(fresh.get(id) ?? Infinity, line.timestamp));
        }
      }
      if (fresh.size > 0) {
        const since = Math.max(this.startTime, Math.min(...fresh.values()) - BACKFILL_MS);
        const backfillPattern = [...fresh.keys()].map((id) => `?${JSON.stringify(id)}`).join(' ');
        found.push(...(await this.read(group, cursor, backfillPattern, since)));
        for (const id of fresh.keys()) this.openRequests.set(id, now);
      }
      for (const line of found) {
        const lifecycle = REQUEST_ID.exec(line.message);
        if (lifecycle?.[0].startsWith('REPORT')) this.openRequests.delete(lifecycle[1]);
      }
      while (this.openRequests.size > MAX_OPEN_REQUESTS) {
        this.openRequests.delete(this.openRequests.keys().next().value as string);
      }
    }

    const newest = found.reduce((max, line) => Math.max(max, line.timestamp), 0);
    if (newest > 0) cursor.startTime = Math.max(cursor.startTime, newest - this.overlapMs);
    for (const [id, at] of cursor.seen) if (at < cursor.startTime) cursor.seen.delete(id);
    return found;
  }

  /** Every page of one filter from `startTime`, minus lines already seen. */
  private async read(
    group: string,
    cursor: GroupCursor,
    filterPattern: string,
    startTime: number,
  ): Promise<LogLine[]> {
    const lines: LogLine[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.source.filterLogEventsPage({
        logGroupName: group,
        filterPattern,
        startTime,
        ...(nextToken ? { nextToken } : {}),
      });
      for (const event of page.events) {
        const eventId = event.eventId ?? `${event.logStreamName}/${event.timestamp}/${event.message}`;
        if (cursor.seen.has(eventId)) continue;
        const timestamp = event.timestamp ?? 0;
        cursor.seen.set(eventId, timestamp);
        lines.push({
          timestamp,
          logGroupName: group,
          logStreamName: event.logStreamName ?? '',
          message: (event.message ?? '').replace(/\s+$/, ''),
          eventId,
        });
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return lines;
  }
}

/** The log group name in a CloudWatch Logs log group ARN (`…:log-group:NAME:*`). */
export function logGroupNameOfArn(arn: string): string | undefined {
  return parseLogGroupArn(arn)?.logGroupName;
}
