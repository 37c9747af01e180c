import { createRequire } from 'node:module';
import type * as Sfn from '@aws-sdk/client-sfn';
import type {
  CreateStateMachineCommandInput,
  DescribeExecutionCommandOutput,
  ExecutionListItem,
  ExecutionStatus,
  GetExecutionHistoryCommandInput,
  GetExecutionHistoryCommandOutput,
  StateMachineListItem,
  UpdateStateMachineCommandInput,
} from '@aws-sdk/client-sfn';
import type { HistoryEventLike } from '../history/types.js';
import { isRedrivableStatus } from '../../aws/statuses.js';
import { executionArnFor, stateMachineNameOf, type ExecutionRef } from '../arn.js';
import { NotFoundError } from '../errors.js';
import { targetName, type Target } from '../target.js';
import { withoutNodeVersionWarning } from './quiet.js';
import { clientConfig, type ClientOptions } from './client-config.js';
import { deployHint, mapServiceError, type ErrorContext } from './errors.js';
import type { ConnectOptions } from './options.js';
import { eitherSignal } from '../signals.js';

// require(), not import: through the ESM loader this large CommonJS bundle costs ~50 ms more
// to load (module-format detection and export-name lexing of its source).
const {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
  paginateGetExecutionHistory,
  paginateListExecutions,
  paginateListStateMachines,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  CreateStateMachineAliasCommand,
  DeleteStateMachineAliasCommand,
  DeleteStateMachineCommand,
  DescribeStateMachineAliasCommand,
  ListStateMachineAliasesCommand,
  ListStateMachineVersionsCommand,
  ListTagsForResourceCommand,
  PublishStateMachineVersionCommand,
  TagResourceCommand,
  UpdateStateMachineAliasCommand,
} = createRequire(import.meta.url)('@aws-sdk/client-sfn') as typeof Sfn;
type SFNClient = Sfn.SFNClient;

// The only module (with logs.ts) that loads @aws-sdk/client-sfn; index.ts imports it lazily.

/** An SFN client for `target`, built once per wrapper. */
function sfnClient(target: Target, options: ClientOptions): SFNClient {
  return withoutNodeVersionWarning(() => new SFNClient(clientConfig(target, options)));
}

export type Diagnostic = { severity?: string; code?: string; message?: string; location?: string };

export class StepFunctions {
  /** Aborted by close(): requests still in flight then (a Promise.all sibling that lost) stop, not retry. */
  private readonly closing = new AbortController();
  private pacedView?: StepFunctions;

  constructor(
    readonly target: Target,
    private readonly sfn: SFNClient,
    private readonly options: ConnectOptions,
    /** False for the paced view: see paced(). */
    private readonly interruptible = true,
  ) {}

  /** The region requests go to, resolving the profile's region for AWS targets. */
  async region(): Promise<string> {
    return this.sfn.config.region();
  }

  /** Runs one service interaction, turning what the SDK throws into a typed error. */
  async call<T>(action: () => Promise<T>, context: Omit<ErrorContext, 'target'> = {}): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw mapServiceError(error, { ...context, target: this.target, timeoutMs: this.options.timeoutMs });
    }
  }

  private get abortSignal() {
    // No per-call options: the SDK then reuses its resolved middleware (cacheMiddleware).
    if (!this.interruptible) return undefined;
    return { abortSignal: eitherSignal(this.closing.signal, this.options.signal) };
  }

  /**
   * StartExecution. `interruptible: false` leaves it out of Ctrl-C (as redriveExecution is):
   * `submit --batch` finishes the starts in flight so it can report every one it sent.
   */
  startExecution(
    input: { stateMachineArn: string; name?: string; input: string },
    stateMachine: string,
    options: { interruptible?: boolean } = {},
  ) {
    const command = new StartExecutionCommand(input);
    // Not interruptible: sent without options, so the SDK reuses its middleware stack (see
    // cacheMiddleware); close() still ends it, by destroying the client's connections.
    const send =
      options.interruptible === false ? this.sfn.send(command) : this.sfn.send(command, this.abortSignal);
    return this.call(() => send, { stateMachine, execution: input.name });
  }

  describeExecution(executionArn: string, context: { stateMachine?: string; execution?: string } = {}) {
    return this.call(
      () => this.sfn.send(new DescribeExecutionCommand({ executionArn }), this.abortSignal),
      context,
    );
  }

  describeStateMachine(stateMachineArn: string, stateMachine?: string) {
    return this.call(
      () => this.sfn.send(new DescribeStateMachineCommand({ stateMachineArn }), this.abortSignal),
      {
        stateMachine,
      },
    );
  }

  /** Looks the name up page by page, stopping at the first match. */
  findStateMachineByName(name: string): Promise<StateMachineListItem | undefined> {
    return this.call(async () => {
      for await (const page of paginateListStateMachines({ client: this.sfn }, {})) {
        const match = page.stateMachines?.find((machine) => machine.name === name);
        if (match) return match;
      }
      return undefined;
    });
  }

  /** A state machine ARN from `--state-machine NAME|ARN`. */
  async resolveStateMachineArn(nameOrArn: string): Promise<string> {
    if (nameOrArn.startsWith('arn:')) return nameOrArn;
    const match = await this.findStateMachineByName(nameOrArn);
    if (!match?.stateMachineArn) {
      throw new NotFoundError(`state machine "${nameOrArn}" not found on ${targetName(this.target)}`, {
        hint: deployHint(nameOrArn),
      });
    }
    return match.stateMachineArn;
  }

  /** The ARN of an execution referred to by ARN, or by name within `stateMachine` (name or ARN). */
  async resolveExecution(
    ref: ExecutionRef,
    stateMachine: string,
  ): Promise<{ executionArn: string; stateMachine: string; name: string }> {
    if (ref.kind === 'arn') return ref;
    const machineArn = await this.resolveStateMachineArn(stateMachine);
    return {
      executionArn: executionArnFor(machineArn, ref.name),
      stateMachine: stateMachineNameOf(machineArn),
      name: ref.name,
    };
  }

  createStateMachine(input: CreateStateMachineCommandInput) {
    return this.call(() => this.sfn.send(new CreateStateMachineCommand(input), this.abortSignal), {
      stateMachine: input.name,
    });
  }

  updateStateMachine(input: UpdateStateMachineCommandInput, stateMachine: string) {
    return this.call(() => this.sfn.send(new UpdateStateMachineCommand(input), this.abortSignal), {
      stateMachine,
    });
  }

  async validateDefinition(definition: string): Promise<{ ok: boolean; diagnostics: Diagnostic[] }> {
    const result = await this.call(() =>
      this.sfn.send(
        new ValidateStateMachineDefinitionCommand({ definition, type: 'STANDARD' }),
        this.abortSignal,
      ),
    );
    return { ok: result.result !== 'FAIL', diagnostics: result.diagnostics ?? [] };
  }

  // --- history and executions for watch (src/lib/watch) ---

  /** One GetExecutionHistory page: one request. The watch poller pages back with this. */
  async getExecutionHistoryPage(
    input: GetExecutionHistoryCommandInput,
    context: { stateMachine?: string; execution?: string } = {},
  ): Promise<HistoryPageOf> {
    const page = await this.call(
      () => this.sfn.send(new GetExecutionHistoryCommand(input), this.abortSignal),
      context,
    );
    return historyPageOf(page);
  }

  /** The whole history, oldest first, page by page (the SDK paginator; one request per page). */
  async *executionHistoryPages(
    input: Omit<GetExecutionHistoryCommandInput, 'nextToken' | 'reverseOrder'>,
    context: { stateMachine?: string; execution?: string } = {},
  ): AsyncGenerator<HistoryPageOf> {
    const pages = paginateGetExecutionHistory(
      { client: this.sfn, pageSize: input.maxResults ?? 1000 },
      { ...input, reverseOrder: false },
    );
    const iterator = pages[Symbol.asyncIterator]();
    for (;;) {
      const next = await this.call(() => iterator.next(), context);
      if (next.done) return;
      yield historyPageOf(next.value);
    }
  }

  /** One ListExecutions page (newest first). `watch --all` reads the RUNNING ones with this. */
  async listExecutionsPage(input: {
    stateMachineArn: string;
    statusFilter?: ExecutionStatus;
    maxResults?: number;
    nextToken?: string;
  }): Promise<{ executions: ExecutionListItem[]; nextToken?: string }> {
    const page = await this.call(() => this.sfn.send(new ListExecutionsCommand(input), this.abortSignal), {
      stateMachine: stateMachineNameOf(input.stateMachineArn),
    });
    return { executions: page.executions ?? [], nextToken: page.nextToken };
  }

  /** The definition and logging configuration an execution runs with (its version, if any). */
  describeStateMachineForExecution(
    executionArn: string,
    context: { stateMachine?: string; execution?: string } = {},
  ) {
    return this.call(
      () => this.sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }), this.abortSignal),
      context,
    );
  }

  // --- list, history and describe's per-state summary ---

  /** The whole history, oldest first (GetExecutionHistory page by page). */
  async getFullHistory(
    executionArn: string,
    context: { stateMachine?: string; execution?: string } = {},
  ): Promise<HistoryEventLike[]> {
    const events: HistoryEventLike[] = [];
    for await (const page of this.executionHistoryPages({ executionArn, maxResults: 1000 }, context)) {
      // The SDK's HistoryEvent is an interface, so TypeScript gives it no index signature.
      events.push(...((page.events ?? []) as HistoryEventLike[]));
    }
    return events;
  }

  /**
   * Executions newest first (ListExecutions page by page), stopping once `limit` are found or
   * they start before `since`. `redrivable` keeps those DescribeExecution reports REDRIVABLE:
   * ListExecutions' redriveFilter only tells redriven from not redriven, so each FAILED,
   * TIMED_OUT or ABORTED candidate is described (a few at a time).
   */
  async listExecutions(query: {
    stateMachineArn: string;
    statusFilter?: ExecutionStatus;
    since?: Date;
    limit: number;
    redrivable?: boolean;
  }): Promise<ExecutionListItem[]> {
    const found: ExecutionListItem[] = [];
    const context = { stateMachine: stateMachineNameOf(query.stateMachineArn) };
    const pages = paginateListExecutions(
      { client: this.sfn, pageSize: Math.min(1000, query.redrivable ? 100 : query.limit) },
      { stateMachineArn: query.stateMachineArn, statusFilter: query.statusFilter },
    );
    const iterator = pages[Symbol.asyncIterator]();
    for (;;) {
      const next = await this.call(() => iterator.next(), context);
      if (next.done) return found;
      let items = next.value.executions ?? [];
      const cut = query.since ? items.findIndex((item) => item.startDate! < query.since!) : -1;
      if (cut >= 0) items = items.slice(0, cut);
      if (query.redrivable) items = await this.onlyRedrivable(items, query.limit - found.length);
      found.push(...items.slice(0, query.limit - found.length));
      if (found.length >= query.limit || cut >= 0) return found;
    }
  }

  /** The first `wanted` of `items` that DescribeExecution reports REDRIVABLE, in order. */
  private async onlyRedrivable(items: ExecutionListItem[], wanted: number): Promise<ExecutionListItem[]> {
    const candidates = items.filter((item) => isRedrivableStatus(item.status));
    const kept: ExecutionListItem[] = [];
    for (let i = 0; i < candidates.length && kept.length < wanted; i += 8) {
      const batch = candidates.slice(i, i + 8);
      const described = await Promise.all(batch.map((item) => this.describeExecution(item.executionArn!)));
      batch.forEach((item, j) => described[j].redriveStatus === 'REDRIVABLE' && kept.push(item));
    }
    return kept.slice(0, wanted);
  }

  // --- redrive (src/lib/redrive) ---

  /**
   * RedriveExecution. Deliberately not tied to the Ctrl-C signal: a redrive already sent is
   * finished and reported, so an interrupted bulk run never leaves its outcome unknown.
   * The SDK fills in clientToken once per call, so its own retries cannot redrive twice; a caller
   * that retries the call itself passes the same `clientToken` each time.
   */
  redriveExecution(
    executionArn: string,
    context: { stateMachine?: string; execution?: string } = {},
    clientToken?: string,
  ) {
    return this.call(
      () =>
        this.sfn.send(new RedriveExecutionCommand({ executionArn, clientToken }), {
          abortSignal: eitherSignal(this.closing.signal),
        }),
      context,
    );
  }

  /** StopExecution: aborts a running execution; AWS and the engine accept a finished one as a no-op. */
  stopExecution(
    input: { executionArn: string; error?: string; cause?: string },
    context: { stateMachine?: string; execution?: string } = {},
  ) {
    return this.call(() => this.sfn.send(new StopExecutionCommand(input), this.abortSignal), context);
  }

  /** SendTaskSuccess: completes the callback task waiting on `taskToken` with `output` (JSON text). */
  sendTaskSuccess(taskToken: string, output: string) {
    return this.call(
      () => this.sfn.send(new SendTaskSuccessCommand({ taskToken, output }), this.abortSignal),
      { taskToken },
    );
  }

  /** SendTaskFailure: fails the callback task waiting on `taskToken`. */
  sendTaskFailure(taskToken: string, failure: { error?: string; cause?: string }) {
    return this.call(
      () => this.sfn.send(new SendTaskFailureCommand({ taskToken, ...failure }), this.abortSignal),
      { taskToken },
    );
  }

  /** SendTaskHeartbeat: restarts the heartbeat clock of the callback task waiting on `taskToken`. */
  sendTaskHeartbeat(taskToken: string) {
    return this.call(() => this.sfn.send(new SendTaskHeartbeatCommand({ taskToken }), this.abortSignal), {
      taskToken,
    });
  }

  /** The number of events in an execution's history: the id of its last event (one request). */
  async historyLength(
    executionArn: string,
    context: { stateMachine?: string; execution?: string } = {},
  ): Promise<number> {
    const page = await this.getExecutionHistoryPage(
      { executionArn, reverseOrder: true, maxResults: 1 },
      context,
    );
    return page.events?.[0]?.id ?? 0;
  }

  /** Every execution with this status, newest first (the SDK paginator; one request per page). */
  async *executionsWithStatus(
    stateMachineArn: string,
    status: ExecutionStatus,
  ): AsyncGenerator<ExecutionListItem> {
    const pages = paginateListExecutions(
      { client: this.sfn, pageSize: 1000 },
      { stateMachineArn, statusFilter: status },
    );
    const iterator = pages[Symbol.asyncIterator]();
    for (;;) {
      const next = await this.call(() => iterator.next(), {
        stateMachine: stateMachineNameOf(stateMachineArn),
      });
      if (next.done) return;
      yield* next.value.executions ?? [];
    }
  }

  // --- deploy and destroy (src/lib/stack) ---

  /** Every state machine (ListStateMachines page by page). */
  listStateMachines(): Promise<StateMachineListItem[]> {
    return this.call(async () => {
      const found: StateMachineListItem[] = [];
      for await (const page of paginateListStateMachines({ client: this.sfn }, {}))
        found.push(...(page.stateMachines ?? []));
      return found;
    });
  }

  async listTags(resourceArn: string): Promise<Record<string, string>> {
    const found = await this.call(() =>
      this.sfn.send(new ListTagsForResourceCommand({ resourceArn }), this.abortSignal),
    );
    return Object.fromEntries((found.tags ?? []).map((tag) => [tag.key ?? '', tag.value ?? '']));
  }

  tag(resourceArn: string, tags: Record<string, string>) {
    const list = Object.entries(tags).map(([key, value]) => ({ key, value }));
    return this.call(() =>
      this.sfn.send(new TagResourceCommand({ resourceArn, tags: list }), this.abortSignal),
    );
  }

  deleteStateMachine(stateMachineArn: string) {
    return this.call(() =>
      this.sfn.send(new DeleteStateMachineCommand({ stateMachineArn }), this.abortSignal),
    );
  }

  /** The state machine's aliases: name, ARN and the version each points at (first route). */
  async listAliases(stateMachineArn: string): Promise<{ name: string; arn: string }[]> {
    const found = await this.call(() =>
      this.sfn.send(
        new ListStateMachineAliasesCommand({ stateMachineArn, maxResults: 100 }),
        this.abortSignal,
      ),
    );
    return (found.stateMachineAliases ?? []).map((alias) => ({
      name: alias.stateMachineAliasArn!.split(':').pop()!,
      arn: alias.stateMachineAliasArn!,
    }));
  }

  async createAlias(input: { name: string; versionArn: string }): Promise<string> {
    const created = await this.call(() =>
      this.sfn.send(
        new CreateStateMachineAliasCommand({
          name: input.name,
          routingConfiguration: [{ stateMachineVersionArn: input.versionArn, weight: 100 }],
        }),
        this.abortSignal,
      ),
    );
    return created.stateMachineAliasArn!;
  }

  updateAlias(aliasArn: string, versionArn: string) {
    return this.call(() =>
      this.sfn.send(
        new UpdateStateMachineAliasCommand({
          stateMachineAliasArn: aliasArn,
          routingConfiguration: [{ stateMachineVersionArn: versionArn, weight: 100 }],
        }),
        this.abortSignal,
      ),
    );
  }

  describeAliasRouting(aliasArn: string) {
    return this.call(async () => {
      const found = await this.sfn.send(
        new DescribeStateMachineAliasCommand({ stateMachineAliasArn: aliasArn }),
        this.abortSignal,
      );
      return found.routingConfiguration ?? [];
    });
  }

  /** The newest published version and the revision it was published from (two reads), if any. */
  async newestVersion(stateMachineArn: string): Promise<{ arn: string; revisionId?: string } | undefined> {
    const listed = await this.call(() =>
      this.sfn.send(
        new ListStateMachineVersionsCommand({ stateMachineArn, maxResults: 1 }),
        this.abortSignal,
      ),
    );
    const arn = listed.stateMachineVersions?.[0]?.stateMachineVersionArn;
    if (!arn) return undefined;
    const described = await this.describeStateMachine(arn);
    return { arn, revisionId: described.revisionId };
  }

  /**
   * PublishStateMachineVersion of the current revision: idempotent (a revision already published
   * answers with its version), and refused with ConflictException if the revision moved on.
   */
  async publishVersion(stateMachineArn: string, revisionId?: string): Promise<string> {
    const published = await this.call(() =>
      this.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn, revisionId }), this.abortSignal),
    );
    return published.stateMachineVersionArn!;
  }

  deleteAlias(aliasArn: string) {
    return this.call(() =>
      this.sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn: aliasArn }), this.abortSignal),
    );
  }

  /**
   * This service for calls paid from a Pacer (pacedCall): the SDK retries their other failures
   * but hands throttling straight back, for the Pacer to hear and retry (see paced-retry.ts).
   * Its own client, so the command's other calls keep the SDK's retries. Closed with this one.
   * Its calls are seen through once sent, as a bulk run's are (Ctrl-C stops the next ones, and
   * close() still ends these by destroying the client's connections).
   */
  paced(): StepFunctions {
    this.pacedView ??= new StepFunctions(
      this.target,
      sfnClient(this.target, { ...this.options, paced: true }),
      this.options,
      false,
    );
    return this.pacedView;
  }

  /** Releases sockets so the process can exit as soon as the command is done. */
  close(): void {
    this.closing.abort();
    this.sfn.destroy();
    this.pacedView?.close();
  }
}

export type ExecutionDescription = DescribeExecutionCommandOutput;

/** A history page with the events typed as lib/history takes them. */
export interface HistoryPageOf {
  events: HistoryEventLike[];
  nextToken?: string;
}

// The SDK's HistoryEvent is an interface, so TypeScript gives it no index signature.
const historyPageOf = (page: GetExecutionHistoryCommandOutput): HistoryPageOf => ({
  events: (page.events ?? []) as HistoryEventLike[],
  ...(page.nextToken ? { nextToken: page.nextToken } : {}),
});

export function createStepFunctions(target: Target, options: ConnectOptions): StepFunctions {
  return new StepFunctions(target, sfnClient(target, options), options);
}
