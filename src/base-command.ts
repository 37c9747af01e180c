// Narrow entry points: the package root also loads semver and the rest of oclif's API.
import { format } from 'node:util';
import { Command } from '@oclif/core/command';
import type { Input, ParserOutput } from '@oclif/core/interfaces';
import * as Flags from '@oclif/core/flags';
import { chalkStderr } from './lib/render/style.js';
import { closestName } from './lib/did-you-mean.js';
import { ensureTarget } from './lib/ensure-target.js';
import { InterruptedError, TaskctlError, UsageError, isAbortError } from './lib/errors.js';
import { ExitCode } from './lib/exit-codes.js';
import { Printer } from './lib/output/printer.js';
import { interruptedWhileWaiting, type Waited } from './lib/reattach.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, formatTimeout, parseTimeout } from './lib/request-timeout.js';
import {
  connect,
  connectLogs,
  connectStack,
  type CloudWatchLogs,
  type ConnectOptions,
  type StepFunctions,
} from './lib/sdk/index.js';
import {
  DEFAULT_STATE_MACHINE,
  awsChosenByEnvironment,
  describeTarget,
  resolveTarget,
  type TargetFlags,
} from './lib/target.js';

/** Flags of every command that talks to Step Functions (design §2). */
export const targetFlags = {
  endpoint: Flags.string({
    summary: 'send requests to this Step Functions-compatible endpoint URL',
    description: 'Also TASKCTL_ENDPOINT, AWS_ENDPOINT_URL_SFN or AWS_ENDPOINT_URL.',
    helpGroup: 'TARGET',
  }),
  local: Flags.boolean({
    summary: 'use the local engine (started in the background if needed)',
    exclusive: ['endpoint'],
    helpGroup: 'TARGET',
  }),
  region: Flags.string({ summary: 'AWS region (else AWS_REGION / AWS_DEFAULT_REGION)', helpGroup: 'TARGET' }),
  profile: Flags.string({ summary: 'AWS profile (else AWS_PROFILE)', helpGroup: 'TARGET' }),
  timeout: Flags.custom<number>({
    summary: `wait at most this long for each answer: seconds, or 500ms, 30s, 2m [default: ${formatTimeout(DEFAULT_REQUEST_TIMEOUT_MS)}]`,
    description: 'Each attempt of each request; the SDK retries a request that timed out.',
    helpValue: 'DURATION|SECONDS',
    env: 'TASKCTL_TIMEOUT',
    helpGroup: 'TARGET',
    parse: async (input) => parseTimeout(input),
  })(),
};

/** The target flags as parsed: where to send requests, and how long to wait for an answer. */
export type ConnectFlags = TargetFlags & { timeout?: number };

/** oclif's FlagOutput and ArgOutput (its interfaces entry point does not export them). */
type ParsedFlags = { [name: string]: unknown };

/** Where the local engine keeps its database, log and engine.json. */
export const dataDirFlag = {
  'data-dir': Flags.string({
    summary: 'engine data directory (else TASKCTL_DATA_DIR, $XDG_DATA_HOME/taskctl, ~/.local/share/taskctl)',
  }),
};

/** The state machine that executions are resolved in. */
export const stateMachineFlag = {
  'state-machine': Flags.string({
    summary: 'state machine name or ARN',
    env: 'TASKCTL_STATE_MACHINE',
    default: DEFAULT_STATE_MACHINE,
    helpGroup: 'TARGET',
  }),
};

/** Stack traces only with DEBUG=taskctl* (or DEBUG=*), as the debug module would match it. */
const debugEnabled = (): boolean =>
  (process.env.DEBUG ?? '')
    .split(/[\s,]+/)
    .some((pattern) => pattern === '*' || pattern.startsWith('taskctl'));

export interface Spinner {
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
  stop(): void;
}

/**
 * Base of every taskctl command. `run()` returns the command's result, which is also its
 * --json document; human output goes through the helpers here, which stay quiet under --json.
 */
export abstract class TaskctlCommand<T> extends Command {
  static override enableJsonFlag = true;

  private readonly interruption = new AbortController();
  private service?: StepFunctions;
  private logsService?: CloudWatchLogs;
  private stackServices?: Awaited<ReturnType<typeof connectStack>>;
  private connectOptions: ConnectOptions = {};
  private output?: Printer;
  private activeSpinner?: Spinner;
  private interrupts = 0;
  /** The flags as parsed (set by parse()), so that catch() knows where the command was going. */
  private parsedFlags?: Record<string, unknown>;
  /** Whether the target line has been printed. */
  private announced = false;
  /** What the command waits on (submit --wait/--watch, watch): a Ctrl-C names it and how to re-attach. */
  protected waitingOn?: Waited;
  /** Set by streaming modes: under --json their output is NDJSON, so an error must be one line too. */
  protected streamsNdjson = false;
  private readonly onSigint = () => {
    // A second Ctrl-C means "now", whatever the command is doing.
    if (++this.interrupts > 1) process.exit(ExitCode.interrupted);
    this.interrupt();
  };

  abstract override run(): Promise<T>;

  /** Aborted on Ctrl-C; pass it to anything that waits. */
  protected get signal(): AbortSignal {
    return this.interruption.signal;
  }

  override async init(): Promise<void> {
    await super.init();
    process.on('SIGINT', this.onSigint);
  }

  /** Ctrl-C: cancel in-flight work and end with 130; `dev` overrides this to shut down cleanly. */
  protected interrupt(): void {
    this.interruption.abort(new InterruptedError());
    process.exitCode = ExitCode.interrupted;
    // If the command does not unwind promptly (e.g. blocked on stdin), leave anyway.
    setTimeout(() => process.exit(ExitCode.interrupted), 2_000).unref();
  }

  /** Everything this command writes to stdout goes through here. */
  protected get printer(): Printer {
    this.output ??= new Printer({ json: this.jsonEnabled() });
    return this.output;
  }

  /**
   * Resolves the target, starts the local engine if it must (once, before the first request),
   * announces the target on stderr, and returns the SDK wrapper.
   */
  protected async connect(flags: ConnectFlags): Promise<StepFunctions> {
    const target = resolveTarget(flags);
    this.connectOptions = { signal: this.signal, timeoutMs: flags.timeout };
    // Loading the SDK sends nothing, so it overlaps the probe (or start) of the local engine.
    [this.service] = await Promise.all([
      connect(target, this.connectOptions),
      ensureTarget(target, {
        onStart: () => this.notice('starting local engine…'),
        onNotice: (text) => this.notice(text),
      }),
    ]);
    const region =
      target.kind === 'aws' && !target.region
        ? await this.service.region().catch(() => undefined)
        : undefined;
    this.announce(describeTarget(target, region), flags);
    return this.service;
  }

  /**
   * The target line. When only environment variables chose AWS (AWS_REGION exported for other
   * tools), it says so and how to reach the local engine instead.
   */
  private announce(line: string, flags: TargetFlags): void {
    const chosenBy = awsChosenByEnvironment(flags);
    this.notice(chosenBy ? `${line} (from ${chosenBy.join(', ')}; --local for the local engine)` : line);
    this.announced = true;
  }

  protected override async parse<F extends ParsedFlags, B extends ParsedFlags, A extends ParsedFlags>(
    options?: Input<F, B, A>,
    argv?: string[],
  ): Promise<ParserOutput<F, B, A>> {
    const parsed = await super.parse(options, argv);
    this.parsedFlags = parsed.flags;
    return parsed;
  }

  /**
   * A command that failed on AWS when only the environment chose AWS (no --region/--profile):
   * the target line, if it was not printed yet (a check before connecting failed), and, unless
   * the input was bad, the way to the local engine in the hint.
   */
  private withTargetHint(error: TaskctlError): TaskctlError {
    const flags = this.parsedFlags as TargetFlags | undefined;
    if (!flags || !('local' in (this.ctor.flags ?? {})) || error instanceof InterruptedError) return error;
    const chosenBy = awsChosenByEnvironment(flags);
    if (!chosenBy) return error;
    if (!this.announced) this.announce(describeTarget(resolveTarget(flags)), flags);
    // Bad input is fixed in the input, wherever it was going; a missing state machine or a
    // failed request may well mean the local engine was meant.
    if (error instanceof UsageError || error.hint?.includes('--local')) return error;
    const local = `pass --local for the local engine (${chosenBy.join(', ')} chose AWS)`;
    return Object.assign(error, { hint: error.hint ? `${error.hint}; or ${local}` : local });
  }

  /** The CloudWatch Logs wrapper for the target connect() resolved, with the same settings. */
  protected async connectLogs(): Promise<CloudWatchLogs> {
    if (!this.service) throw new Error('connectLogs() needs connect() first');
    this.logsService = await connectLogs(this.service.target, this.connectOptions);
    return this.logsService;
  }

  /** The Lambda, IAM and Logs wrappers (`deploy`, `destroy`) for the target connect() resolved. */
  protected async connectStack(): Promise<Awaited<ReturnType<typeof connectStack>>> {
    if (!this.service) throw new Error('connectStack() needs connect() first');
    this.stackServices = await connectStack(this.service.target, this.connectOptions);
    return this.stackServices;
  }

  /** Human output on stdout (quiet under --json), through the printer. */
  override log(message = '', ...args: unknown[]): void {
    this.printer.text(args.length ? format(message, ...args) : message);
  }

  /** oclif prints the --json result document with this. */
  override logJson(json: unknown): void {
    this.printer.document(json);
  }

  /** A notice on stderr (human mode only). */
  protected notice(message: string): void {
    this.logToStderr(chalkStderr.dim(message));
  }

  override warn(input: string | Error): string | Error {
    if (!this.jsonEnabled()) process.stderr.write(`${chalkStderr.yellow('warning:')} ${String(input)}\n`);
    return input;
  }

  /**
   * An ora spinner on stderr when it is a TTY and not --json; otherwise it does nothing.
   * A terminal that reports no width (0 columns) gets none: ora spins forever wrapping into it.
   */
  protected async spinner(text: string): Promise<Spinner> {
    if (this.jsonEnabled() || !process.stderr.isTTY || !process.stderr.columns) {
      return { update() {}, succeed: (t) => this.notice(t), fail: (t) => this.notice(t), stop() {} };
    }
    const { default: ora } = await import('ora');
    const spin = ora({ text, stream: process.stderr, discardStdin: false }).start();
    this.activeSpinner = {
      update: (t) => void (spin.text = t),
      succeed: (t) => void spin.succeed(t),
      fail: (t) => void spin.fail(t),
      stop: () => void spin.stop(),
    };
    return this.activeSpinner;
  }

  /** The one place errors become output and an exit code. */
  protected override async catch(error: Error & { exitCode?: number }): Promise<void> {
    this.activeSpinner?.stop();
    // oclif warns "did not parse its arguments" when parsing itself failed; that would only confuse.
    this.parsed = true;
    if (error?.name === 'ExitError' || (error as { code?: string })?.code === 'EEXIT') throw error;
    const flagNames = [...Object.keys(this.ctor.flags ?? {}), ...(this.ctor.enableJsonFlag ? ['json'] : [])];
    let typed = this.withTargetHint(toTaskctlError(error, this.id ?? '', flagNames));
    if (typed instanceof InterruptedError && this.waitingOn) typed = interruptedWhileWaiting(this.waitingOn);
    process.exitCode = typed.exitCode;
    this.printer.error(typed, { ndjson: this.streamsNdjson });
    if (debugEnabled()) process.stderr.write(`${error?.stack ?? error}\n`);
  }

  protected override async finally(error: Error | undefined): Promise<void> {
    process.removeListener('SIGINT', this.onSigint);
    this.logsService?.close();
    for (const client of Object.values(this.stackServices ?? {})) client.close();
    this.service?.close();
    await super.finally(error);
  }
}

/**
 * Anything thrown inside a command, as a TaskctlError with an exit code from the table.
 * `flagNames` (the command's) let a mistyped flag be answered with the one it most likely meant.
 */
export function toTaskctlError(
  error: unknown,
  commandId = '',
  flagNames: readonly string[] = [],
): TaskctlError {
  if (error instanceof TaskctlError) {
    return error.message.includes('See more help with --help')
      ? Object.assign(error, { message: cleanOclifMessage(error.message) })
      : error;
  }
  if (isAbortError(error)) return new InterruptedError();
  const err = error as Error & {
    oclif?: { exit?: number };
    args?: Array<{ name: string }>;
    flags?: unknown;
  };
  if (err?.oclif?.exit === ExitCode.usage) {
    // oclif's own parse errors: unknown flags, missing args, bad flag values.
    const command = commandId ? `taskctl ${commandId.replaceAll(':', ' ')} --help` : 'taskctl --help';
    const message =
      err.name === 'RequiredArgsError' || /^Missing \d+ required arg/.test(err.message)
        ? `missing argument ${(err.args ?? []).map((arg) => arg.name.toUpperCase()).join(' ')}`.trim()
        : cleanOclifMessage(err.message) + flagSuggestion(err.flags, flagNames);
    return new UsageError(message, { hint: `see: ${command}`, cause: error });
  }
  return new TaskctlError(err?.message ?? String(error), {
    exitCode: ExitCode.serviceError,
    hint: debugEnabled() ? undefined : 'rerun with DEBUG=taskctl* for details',
    cause: error,
  });
}

/** ` (did you mean --name?)` for oclif's NonExistentFlagsError of `--nmae`, else nothing. */
function flagSuggestion(unknown: unknown, flagNames: readonly string[]): string {
  if (!Array.isArray(unknown) || unknown.length !== 1 || typeof unknown[0] !== 'string') return '';
  const typed = unknown[0].replace(/^-+/, '').replace(/=.*$/, '');
  const guess = closestName(typed, flagNames);
  return guess ? ` (did you mean --${guess}?)` : '';
}

/** oclif's messages span lines and end in "See more help"; ours are one line plus a hint. */
function cleanOclifMessage(message: string): string {
  return message
    .replace(/\n?See more help with --help/g, '')
    .replace(/^Parsing (--\S+) \n\t/, '$1: ')
    .replace(/^The following errors? occurred:\s*/, '')
    .replace(/:?\s*\n\s*/g, ': ')
    .trim();
}
