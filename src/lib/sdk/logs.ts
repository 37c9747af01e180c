import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { Target } from '../target.js';
import { withoutNodeVersionWarning } from './quiet.js';

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
