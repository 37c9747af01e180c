import { createRequire } from 'node:module';
import type * as Logs from '@aws-sdk/client-cloudwatch-logs';
import type { Target } from '../target.js';
import { clientConfig } from './client-config.js';
import { ServiceWrapper } from './service-wrapper.js';
import type { ConnectOptions } from './options.js';
import { withoutNodeVersionWarning } from './quiet.js';

// require(), not import: through the ESM loader this large CommonJS bundle costs ~50 ms more.
const {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  FilterLogEventsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  paginateDescribeLogGroups,
} = createRequire(import.meta.url)('@aws-sdk/client-cloudwatch-logs') as typeof Logs;
type CloudWatchLogsClient = Logs.CloudWatchLogsClient;

// The CloudWatch Logs client, for `taskctl logs` and `watch --logs`. Loaded only by those (via
// dynamic import), since the Logs SDK is as heavy to load as the SFN one.

/** A Logs client for `target`, built once per wrapper; an endpoint target may name its own Logs URL. */
export function logsClient(target: Target, options: ConnectOptions = {}): CloudWatchLogsClient {
  const url = target.kind === 'endpoint' ? target.logsUrl : undefined;
  return withoutNodeVersionWarning(() => new CloudWatchLogsClient(clientConfig(target, options, url)));
}

/** One log event as FilterLogEvents returns it. */
export interface FilteredLogEvent {
  eventId?: string;
  timestamp?: number;
  logStreamName?: string;
  message?: string;
}

/** The CloudWatch Logs calls taskctl makes, with the SFN wrapper's error mapping. */
export class CloudWatchLogs extends ServiceWrapper<CloudWatchLogsClient> {
  constructor(
    target: Target,
    private readonly logs: CloudWatchLogsClient,
    options: ConnectOptions = {},
  ) {
    super(target, logs, options, 'CloudWatch Logs');
  }

  /**
   * One FilterLogEvents page. A log group that does not exist yet (no handler has run, or the
   * state machine has not logged) is an empty page, not an error.
   */
  async filterLogEventsPage(input: {
    logGroupName: string;
    filterPattern?: string;
    startTime?: number;
    endTime?: number;
    nextToken?: string;
    limit?: number;
  }): Promise<{ events: FilteredLogEvent[]; nextToken?: string }> {
    try {
      const page = await this.logs.send(new FilterLogEventsCommand(input), this.sendOptions);
      return { events: page.events ?? [], nextToken: page.nextToken };
    } catch (error) {
      if ((error as { name?: string })?.name === 'ResourceNotFoundException') return { events: [] };
      throw this.mapError(error);
    }
  }

  // --- log groups for deploy and destroy (src/lib/stack) ---

  /** Log groups whose names start with `prefix`, with their ARNs (the `:*` form DescribeLogGroups gives). */
  describeLogGroups(prefix?: string): Promise<{ logGroupName: string; arn: string }[]> {
    return this.call(async () => {
      const found: { logGroupName: string; arn: string }[] = [];
      const pages = paginateDescribeLogGroups(
        { client: this.logs },
        prefix ? { logGroupNamePrefix: prefix } : {},
      );
      for await (const page of pages) {
        for (const group of page.logGroups ?? [])
          found.push({ logGroupName: group.logGroupName!, arn: group.arn! });
      }
      return found;
    });
  }

  createLogGroup(logGroupName: string, tags: Record<string, string>): Promise<unknown> {
    return this.call((abortSignal) =>
      this.logs.send(new CreateLogGroupCommand({ logGroupName, tags }), { abortSignal }),
    );
  }

  /** Tags of a log group, by its ARN without the `:*` suffix (ListTagsForResource). */
  async listTags(arn: string): Promise<Record<string, string>> {
    const found = await this.call((abortSignal) =>
      this.logs.send(new ListTagsForResourceCommand({ resourceArn: arn.replace(/:\*$/, '') }), {
        abortSignal,
      }),
    );
    return found.tags ?? {};
  }

  tag(arn: string, tags: Record<string, string>): Promise<unknown> {
    return this.call((abortSignal) =>
      this.logs.send(new TagResourceCommand({ resourceArn: arn.replace(/:\*$/, ''), tags }), { abortSignal }),
    );
  }

  deleteLogGroup(logGroupName: string): Promise<unknown> {
    return this.call((abortSignal) =>
      this.logs.send(new DeleteLogGroupCommand({ logGroupName }), { abortSignal }),
    );
  }
}

export function createCloudWatchLogs(target: Target, options: ConnectOptions = {}): CloudWatchLogs {
  return new CloudWatchLogs(target, logsClient(target, options), options);
}
