import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  SFNClient,
  StartExecutionCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
  paginateListStateMachines,
  type CreateStateMachineCommandInput,
  type DescribeExecutionCommandOutput,
  type StateMachineListItem,
  type UpdateStateMachineCommandInput,
} from '@aws-sdk/client-sfn';
import { executionArnFor, stateMachineNameOf, type ExecutionRef } from '../arn.js';
import { NotFoundError } from '../errors.js';
import { startBackgroundEngine } from '../local-engine.js';
import { targetName, type Target } from '../target.js';
import { withoutNodeVersionWarning } from './quiet.js';
import { isConnectionRefused, mapServiceError, type ErrorContext } from './errors.js';
import type { ConnectOptions } from './index.js';

// The only module (with logs.ts) that loads @aws-sdk/client-sfn; index.ts imports it lazily.

const DUMMY_CREDENTIALS = { accessKeyId: 'taskctl', secretAccessKey: 'taskctl' };

let client: SFNClient | undefined;

/** The process-wide SFN client; the first caller's target and mode win. */
function sfnClient(target: Target, bulk: boolean): SFNClient {
  client ??= withoutNodeVersionWarning(
    () =>
      new SFNClient({
        retryMode: bulk ? 'adaptive' : 'standard',
        ...(target.kind === 'aws'
          ? { region: target.region, profile: target.profile }
          : {
              endpoint: target.url,
              region: target.region,
              ...(target.kind === 'endpoint' && target.credentials === 'default'
                ? { profile: target.profile }
                : { credentials: DUMMY_CREDENTIALS }),
            }),
      }),
  );
  return client;
}

export type Diagnostic = { severity?: string; code?: string; message?: string; location?: string };

export class StepFunctions {
  private engineStart?: Promise<void>;

  constructor(
    readonly target: Target,
    private readonly sfn: SFNClient,
    private readonly options: ConnectOptions,
  ) {}

  /** The region requests go to, resolving the profile's region for AWS targets. */
  async region(): Promise<string> {
    return this.sfn.config.region();
  }

  /**
   * Runs one service interaction. Against the local engine a refused connection starts the
   * engine and tries once more, so the common case (it is running) costs no extra probe.
   */
  async call<T>(action: () => Promise<T>, context: Omit<ErrorContext, 'target'> = {}): Promise<T> {
    const mapped = (error: unknown) => mapServiceError(error, { ...context, target: this.target });
    try {
      return await action();
    } catch (error) {
      if (this.target.kind !== 'local' || !isConnectionRefused(error)) throw mapped(error);
    }
    try {
      await this.startLocalEngine();
      return await action();
    } catch (error) {
      throw mapped(error);
    }
  }

  private startLocalEngine(): Promise<void> {
    const target = this.target;
    if (target.kind !== 'local') return Promise.resolve();
    this.engineStart ??= (async () => {
      this.options.onEngineStart?.(target);
      await startBackgroundEngine(target);
    })();
    return this.engineStart;
  }

  private get abortSignal() {
    return this.options.signal ? { abortSignal: this.options.signal } : {};
  }

  startExecution(input: { stateMachineArn: string; name?: string; input: string }, stateMachine: string) {
    return this.call(() => this.sfn.send(new StartExecutionCommand(input), this.abortSignal), {
      stateMachine,
      execution: input.name,
    });
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
        hint: 'deploy it with: taskctl deploy, or pick another with --state-machine',
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

  /** Releases sockets so the process can exit as soon as the command is done. */
  close(): void {
    this.sfn.destroy();
    client = undefined;
  }
}

export type ExecutionDescription = DescribeExecutionCommandOutput;

export function createStepFunctions(target: Target, options: ConnectOptions): StepFunctions {
  return new StepFunctions(target, sfnClient(target, options.bulk ?? false), options);
}
