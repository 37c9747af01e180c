import { createRequire } from 'node:module';
import type * as Logs from '@aws-sdk/client-cloudwatch-logs';
import type { Target } from '../target.js';
import { mapServiceError } from './errors.js';
import { withoutNodeVersionWarning } from './quiet.js';
import { eitherSignal } from '../signals.js';

// require(), not import: through the ESM loader this large CommonJS bundle costs ~50 ms more.
const { CloudWatchLogsClient, FilterLogEventsCommand } = createRequire(import.meta.url)(
  '@aws-sdk/client-cloudwatch-logs',
) as typeof Logs;
type CloudWatchLogsClient = Logs.CloudWatchLogsClient;

// The process-wide CloudWatch Logs client, for `taskctl logs` and `watch --logs`. Loaded only
// by those (via dynamic import), since the Logs SDK is as heavy to load as the SFN one.

let client: CloudWatchLogsClient | undefined;

export function logsClient(target: Target): CloudWatchLogsClient {
  client ??= withoutNodeVersionWarning(
    () =>
      new CloudWatchLogsClient(
        target.kind === 'aws'
          ? { region: target.region, profile: target.profile }
          : {
              endpoint: target.kind === 'endpoint' ? target.logsUrl : target.url,
              region: target.region,
              ...(target.kind === 'endpoint' && target.credentials === 'default'
                ? { profile: target.profile }
                : { credentials: { accessKeyId: 'taskctl', secretAccessKey: 'taskctl' } }),
            },
      ),
  );
  return client;
}

/** One log event as FilterLogEvents returns it. */
export interface FilteredLogEvent {
  eventId?: string;
  timestamp?: number;
  logStreamName?: string;
  message?: string;
}

/** The CloudWatch Logs calls taskctl makes, with the SFN wrapper's error mapping. */
export class CloudWatchLogs {
  /** Aborted by close(), so nothing still in flight is retried once the command is done. */
  private readonly closing = new AbortController();

  constructor(
    readonly target: Target,
    private readonly logs: CloudWatchLogsClient,
    private readonly signal?: AbortSignal,
  ) {}

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
      const page = await this.logs.send(new FilterLogEventsCommand(input), {
        abortSignal: eitherSignal(this.closing.signal, this.signal),
      });
      return { events: page.events ?? [], nextToken: page.nextToken };
    } catch (error) {
      if ((error as { name?: string })?.name === 'ResourceNotFoundException') return { events: [] };
      throw mapServiceError(error, { target: this.target });
    }
  }

  close(): void {
    this.closing.abort();
    this.logs.destroy();
    client = undefined;
  }
}

export function createCloudWatchLogs(target: Target, signal?: AbortSignal): CloudWatchLogs {
  return new CloudWatchLogs(target, logsClient(target), signal);
}
