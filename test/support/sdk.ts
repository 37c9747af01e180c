import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  type ExecutionListItem,
  type ListExecutionsCommandInput,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { withoutNodeVersionWarning } from '../../src/lib/sdk/quiet.js';
import {
  applySubstitutions,
  bundledDefinitionText,
  localFunctionArns,
} from '../../src/lib/workflow/index.js';

// The real AWS SDK pointed at a test engine, and small waits built on it.

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const ROLE_ARN = 'arn:aws:iam::123456789012:role/taskctl-test';

// The SDK's Node 20 deprecation warning would repeat in every test file's output.
/** A client of the test engine; no retries unless `maxAttempts` says (an error is the test's to see). */
export function sfnClient(url: string, { maxAttempts = 1 }: { maxAttempts?: number } = {}): SFNClient {
  return withoutNodeVersionWarning(
    () => new SFNClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts }),
  );
}

export function logsClient(url: string): CloudWatchLogsClient {
  return withoutNodeVersionWarning(
    () => new CloudWatchLogsClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 }),
  );
}

export async function createMachine(
  sfn: SFNClient,
  name: string,
  definition: object | string,
): Promise<string> {
  const text = typeof definition === 'string' ? definition : JSON.stringify(definition);
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({ name, definition: text, roleArn: ROLE_ARN }),
  );
  return stateMachineArn!;
}

/** Deploys the bundled workflow with the local handler ARNs filled in. */
export function deployBundledWorkflow(sfn: SFNClient, name = 'taskctl-tasks'): Promise<string> {
  return createMachine(
    sfn,
    name,
    applySubstitutions(bundledDefinitionText(), localFunctionArns('us-east-1', '123456789012')),
  );
}

export async function waitForTerminal(
  sfn: SFNClient,
  executionArn: string,
  timeoutMs = 20_000,
): Promise<DescribeExecutionCommandOutput> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.status !== 'RUNNING') return execution;
    if (Date.now() > deadline) throw new Error(`${executionArn} still RUNNING after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function fullHistory(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/**
 * The shape every finished history must have: ids 1..n, links backwards, and exactly one
 * terminal event per run — the last event, or one followed by the ExecutionRedriven that
 * continued it. Returns a message per violation.
 */
export function historyProblems(events: HistoryEvent[]): string[] {
  const problems: string[] = [];
  events.forEach((event, index) => {
    if (event.id !== index + 1) problems.push(`event ${index} has id ${event.id}`);
    if ((event.previousEventId ?? 0) >= (event.id ?? 0)) problems.push(`event ${event.id} links forward`);
  });
  const isTerminal = (e: HistoryEvent) => /^Execution(Succeeded|Failed|TimedOut|Aborted)$/.test(e.type ?? '');
  const runs = events.filter((e) => e.type === 'ExecutionRedriven').length + 1;
  const terminal = events.filter(isTerminal);
  if (terminal.length !== runs) problems.push(`${terminal.length} terminal events in ${runs} run(s)`);
  if (!isTerminal(events[events.length - 1] ?? {})) problems.push('the last event is not terminal');
  terminal.slice(0, -1).forEach((e) => {
    if (events[e.id!]?.type !== 'ExecutionRedriven')
      problems.push(`terminal event ${e.id} is not followed by a redrive`);
  });
  return problems;
}

/** Every execution of a state machine (all pages), optionally filtered as ListExecutions filters. */
export async function listAllExecutions(
  sfn: SFNClient,
  stateMachineArn: string,
  filter: Pick<ListExecutionsCommandInput, 'statusFilter' | 'redriveFilter'> = {},
): Promise<ExecutionListItem[]> {
  const found: ExecutionListItem[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn, maxResults: 1000, nextToken, ...filter }),
    );
    found.push(...page.executions!);
    nextToken = page.nextToken;
  } while (nextToken);
  return found;
}

/** Polls `check` until it holds, failing after `timeoutMs`. */
export async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
