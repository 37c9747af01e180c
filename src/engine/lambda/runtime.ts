import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { lambdaFunctionArn, lambdaFunctionQualifierOf } from '../../aws/arn.js';
import { LAMBDA_INIT_LIMIT_SECONDS } from '../../aws/limits.js';
import type { Json } from '../asl/types.js';
import type { Clock } from '../runtime/clock.js';
import type { InputLogEvent, LogStore } from '../store/logs.js';
import { handlerEnvironment } from './handler-env.js';
import {
  consoleLine,
  endLine,
  logGroupNameFor,
  newLogStreamName,
  reportLine,
  startLine,
  timeoutLine,
} from './log-format.js';
import {
  functionNameOf,
  resolveHandlerModule,
  type HandlerResolver,
  type ResolvedHandler,
} from './resolve.js';
import {
  tsHooksSource,
  WORKER_SOURCE,
  type InvokeMessage,
  type RapidError,
  type WorkerData,
  type WorkerMessage,
} from './worker-source.js';

export { bundledHandlersDir } from './resolve.js';

export type InvocationResult = (
  | { kind: 'succeeded'; output: Json }
  | { kind: 'failed'; error: string; cause: string }
  | { kind: 'timedOut' }
) & {
  /** The invocation's log lines (START … REPORT), when invoke() was asked for them. */
  log?: string;
  /** Lambda's request id for the invocation (absent when it never reached a function). */
  requestId?: string;
};

export interface InvokeOptions {
  /** The caller's deadline (a Task's TimeoutSeconds); the result is then `timedOut`. */
  timeoutMs?: number;
  /** Lambda's Qualifier: a published version number or '$LATEST'. */
  qualifier?: string;
  /** Collect the invocation's log lines into the result's `log`. */
  captureLog?: boolean;
}

export interface LambdaRuntimeOptions {
  /** Looked up in order; the last is the bundled handlers dir (see bundledHandlersDir()). */
  handlersDirs: string[];
  /** Replaces the lookup in handlersDirs (the engine adds uploaded code between them). */
  resolve?: HandlerResolver;
  logs: LogStore;
  clock: Clock;
  region: string;
  accountId: string;
  /** Execution environments (worker threads) alive at once, across all functions. Default 8. */
  maxWorkers?: number;
  /** Used when invoke() gets no timeoutMs: Lambda's maximum, 900 s. */
  defaultTimeoutMs?: number;
}

/** invoke() was pending when close() was called: the task did not finish and should run again. */
export class LambdaRuntimeClosedError extends Error {
  constructor() {
    super('the Lambda runtime was closed');
    this.name = 'LambdaRuntimeClosedError';
  }
}

interface ActiveInvocation {
  requestId: string;
  timeoutMs: number;
  /** The function's own Timeout ended it (Sandbox.Timedout), not the caller's deadline. */
  functionTimeout: boolean;
  log?: string[];
  acquiredAt: number; // performance.now()
  startedAt?: number; // performance.now() when START was logged
  settled: boolean;
  timer?: NodeJS.Timeout;
  resolve(result: InvocationResult): void;
  reject(error: Error): void;
}

type InitOutcome = { ok: true } | { ok: false; error: RapidError; logLine: string };

/** One warm execution environment: a worker thread with one handler module loaded. */
interface Environment {
  functionName: string;
  handler: ResolvedHandler;
  worker: Worker;
  logGroupName: string;
  logStreamName: string;
  state: 'busy' | 'idle' | 'dead';
  ready: Promise<InitOutcome>;
  spawnedAt: number;
  initDurationMs?: number;
  coldStart: boolean; // the next REPORT carries Init Duration
  current?: ActiveInvocation;
  lastUsed: number;
  stdoutRest: string;
}

const failure = (error: RapidError): InvocationResult =>
  error.errorType
    ? {
        kind: 'failed',
        error: error.errorType,
        cause: JSON.stringify({
          errorType: error.errorType,
          errorMessage: error.errorMessage,
          trace: error.trace,
        }),
      }
    : {
        kind: 'failed',
        error: 'Lambda.Unknown',
        cause: 'The cause could not be determined because Lambda did not return an error type.',
      };

/**
 * Runs local Lambda handlers the way Lambda does: each invocation in an isolated execution
 * environment (a worker thread), reused while warm, with console output captured into
 * CloudWatch Logs (`/aws/lambda/NAME`) between START/END/REPORT lines.
 */
export class LambdaRuntime {
  private readonly envs = new Set<Environment>();
  private readonly waiters: (() => void)[] = [];
  private readonly pendingLogs = new Map<
    string,
    { group: string; stream: string; events: InputLogEvent[] }
  >();
  private flushTimer?: NodeJS.Timeout;
  private closed = false;
  private readonly maxWorkers: number;
  private readonly defaultTimeoutMs: number;

  constructor(private readonly options: LambdaRuntimeOptions) {
    this.maxWorkers = Math.max(1, options.maxWorkers ?? 8);
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 900_000;
  }

  functionArn(name: string): string {
    return lambdaFunctionArn(this.options, name);
  }

  /** Invokes NAME (a function name or Lambda function ARN) with `payload`. Never rejects, except after close(). */
  async invoke(functionName: string, payload: Json, options: InvokeOptions = {}): Promise<InvocationResult> {
    if (this.closed) throw new LambdaRuntimeClosedError();
    const name = functionNameOf(functionName);
    const handler =
      name &&
      (this.options.resolve
        ? await this.options.resolve(name, options.qualifier)
        : await resolveHandlerModule(name, this.options.handlersDirs));
    if (!name || !handler)
      return this.notFound(
        name ?? functionName,
        options.qualifier ?? lambdaFunctionQualifierOf(functionName),
      );
    let payloadJson: string;
    try {
      payloadJson = JSON.stringify(payload ?? null);
    } catch (e) {
      return {
        kind: 'failed',
        error: 'Lambda.InvalidRequestContentException',
        cause: `Could not serialize the request payload: ${(e as Error).message}`,
      };
    }
    const env = await this.acquire(name, handler);
    const callerTimeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const functionTimeoutMs = handler.function?.timeoutMs ?? Infinity;
    return new Promise<InvocationResult>((resolve, reject) => {
      const invocation: ActiveInvocation = {
        requestId: randomUUID(),
        timeoutMs: Math.min(callerTimeoutMs, functionTimeoutMs),
        functionTimeout: functionTimeoutMs < callerTimeoutMs,
        ...(options.captureLog ? { log: [] } : {}),
        acquiredAt: performance.now(),
        settled: false,
        resolve,
        reject,
      };
      env.current = invocation;
      // A cold environment first loads the code: Lambda limits that init phase on its own and
      // starts the function's Timeout after it. Under --speed this matters most: the timeout is
      // scaled down, the real time a worker takes to load a module is not.
      invocation.timer = setTimeout(
        () => this.timeOut(env, invocation),
        Math.max(invocation.timeoutMs, LAMBDA_INIT_LIMIT_SECONDS * 1000),
      );
      void env.ready.then((init) => {
        if (invocation.settled) return;
        clearTimeout(invocation.timer);
        invocation.timer = setTimeout(() => this.timeOut(env, invocation), invocation.timeoutMs);
        if (!init.ok) {
          this.log(env, consoleLine(this.options.clock.now(), null, 'ERROR', init.logLine));
          this.finish(env, invocation, failure(init.error));
          this.retire(env);
          return;
        }
        this.logStart(env, invocation);
        const message: InvokeMessage = {
          type: 'invoke',
          requestId: invocation.requestId,
          payloadJson,
          deadlineMs: Date.now() + invocation.timeoutMs,
          invokedFunctionArn:
            this.functionArn(name) + (options.qualifier !== undefined ? `:${options.qualifier}` : ''),
        };
        env.worker.postMessage(message);
      });
    });
  }

  /** Terminates every worker. Pending invocations reject with LambdaRuntimeClosedError. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const wake of this.waiters.splice(0)) wake();
    const envs = [...this.envs];
    this.envs.clear();
    for (const env of envs) {
      env.state = 'dead';
      const inv = env.current;
      if (inv && !inv.settled) {
        inv.settled = true;
        clearTimeout(inv.timer);
        inv.reject(new LambdaRuntimeClosedError());
      }
    }
    await Promise.all(envs.map((env) => env.worker.terminate()));
    clearTimeout(this.flushTimer);
    this.flushLogs();
  }

  // How Step Functions reports a Lambda ARN whose function does not exist. Lambda's message names
  // the qualifier the caller gave, and none for an unqualified name (AWS recording of lambda:invoke
  // with a missing function, LocalStack's error_handling/test_task_service_lambda snapshot).
  private notFound(name: string, qualifier?: string): InvocationResult {
    const arn = lambdaFunctionArn(this.options, name, qualifier);
    return {
      kind: 'failed',
      error: 'Lambda.ResourceNotFoundException',
      cause:
        `Function not found: ${arn} (Service: AWSLambda; Status Code: 404; ` +
        `Error Code: ResourceNotFoundException; Request ID: ${randomUUID()}; Proxy: null)`,
    };
  }

  private async acquire(name: string, handler: ResolvedHandler): Promise<Environment> {
    for (;;) {
      if (this.closed) throw new LambdaRuntimeClosedError();
      const env = this.tryAcquire(name, handler);
      if (env) return env;
      // Queued FIFO; every waiter tries again when a slot or an environment frees (wakeWaiters).
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }

  private tryAcquire(name: string, handler: ResolvedHandler): Environment | undefined {
    let warm: Environment | undefined;
    for (const env of this.envs) {
      if (env.functionName !== name || env.state !== 'idle') continue;
      if (env.handler.path !== handler.path || env.handler.version !== handler.version) {
        this.retire(env); // the code changed on disk: this environment runs an old version
      } else {
        warm ??= env;
      }
    }
    if (warm) {
      warm.state = 'busy';
      return warm;
    }
    if (this.envs.size >= this.maxWorkers) {
      // A function that holds its share of the workers waits for one of its own: evicting another
      // function's warm one would only trade this cold start for that function's next one (200
      // executions of three functions spent most of their time starting workers). Below its
      // share it may evict, so a slow function is not held to one worker by others' idle ones.
      if (this.holdsItsShare(name)) return undefined;
      let lru: Environment | undefined;
      for (const env of this.envs)
        if (env.state === 'idle' && (!lru || env.lastUsed < lru.lastUsed)) lru = env;
      if (!lru) return undefined;
      this.retire(lru);
    }
    return this.spawn(name, handler);
  }

  /** Whether `name` has at least an even share of the workers among the functions holding any. */
  private holdsItsShare(name: string): boolean {
    const holders = new Set<string>();
    let own = 0;
    for (const env of this.envs) {
      holders.add(env.functionName);
      if (env.functionName === name) own++;
    }
    return own > 0 && own >= this.maxWorkers / holders.size;
  }

  private spawn(functionName: string, handler: ResolvedHandler): Environment {
    const { clock, region, logs } = this.options;
    const settings = handler.function;
    const version = settings?.version ?? '$LATEST';
    const logGroupName = logGroupNameFor(functionName);
    const logStreamName = newLogStreamName(clock.now(), version);
    logs.ensureLogStream(logGroupName, logStreamName);
    const workerData: WorkerData = {
      moduleUrl: pathToFileURL(handler.path).href,
      modulePath: handler.path,
      functionName,
      functionVersion: version,
      memoryMb: settings?.memoryMb ?? 128,
      exportName: handler.exportName ?? 'handler',
      handlerName: settings?.handler ?? `${functionName}.handler`,
      logGroupName,
      logStreamName,
      tsHooksSource: handler.path.endsWith('.ts') ? typeScriptHooks() : null,
    };
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData,
      stdout: true,
      stderr: true,
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: 512 },
      env: handlerEnvironment(process.env, settings?.environment, {
        AWS_LAMBDA_FUNCTION_NAME: functionName,
        AWS_LAMBDA_FUNCTION_VERSION: version,
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(settings?.memoryMb ?? 128),
        AWS_LAMBDA_LOG_GROUP_NAME: logGroupName,
        AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
        LAMBDA_TASK_ROOT: handler.taskRoot ?? dirname(handler.path),
        _HANDLER: settings?.handler ?? `${basename(handler.path).replace(/\.[^.]+$/, '')}.handler`,
      }),
    });
    worker.unref(); // an idle warm environment must not keep the engine process alive
    let settleReady!: (outcome: InitOutcome) => void;
    const env: Environment = {
      functionName,
      handler,
      worker,
      logGroupName,
      logStreamName,
      state: 'busy',
      ready: new Promise<InitOutcome>((resolve) => (settleReady = resolve)),
      spawnedAt: performance.now(),
      coldStart: true,
      lastUsed: 0,
      stdoutRest: '',
    };
    this.envs.add(env);

    // Output written to process.stdout/stderr directly (not through console) lands as raw lines.
    const onOutput = (chunk: string) => {
      const lines = (env.stdoutRest + chunk).split('\n');
      env.stdoutRest = lines.pop() ?? '';
      for (const line of lines) if (line !== '') this.log(env, line);
    };
    worker.stdout.setEncoding('utf8').on('data', onOutput);
    worker.stderr.setEncoding('utf8').on('data', onOutput);

    worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'ready':
          env.initDurationMs = performance.now() - env.spawnedAt;
          settleReady({ ok: true });
          break;
        case 'initError':
          env.initDurationMs = performance.now() - env.spawnedAt;
          settleReady({ ok: false, error: message.error, logLine: message.logLine });
          break;
        case 'log':
          this.log(env, consoleLine(clock.now(), message.requestId, message.level, message.message));
          break;
        case 'result': {
          const inv = env.current;
          if (!inv || inv.requestId !== message.requestId) break;
          if (message.ok) {
            this.finish(
              env,
              inv,
              { kind: 'succeeded', output: JSON.parse(message.json) as Json },
              message.heapMb,
            );
          } else {
            this.log(env, consoleLine(clock.now(), inv.requestId, 'ERROR', message.logLine));
            this.finish(env, inv, failure(message.error), message.heapMb);
          }
          break;
        }
        case 'crash': {
          // An uncaught exception or unhandled rejection: the environment is lost, as on Lambda.
          this.log(env, consoleLine(clock.now(), message.requestId, 'ERROR', message.logLine));
          env.state = 'dead';
          const inv = env.current;
          if (inv && !inv.settled) this.finish(env, inv, failure(message.error));
          break;
        }
      }
    });
    worker.on('error', (error: Error) => {
      env.state = 'dead';
      const rapid: RapidError = {
        errorType:
          (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? 'Runtime.OutOfMemory'
            : error.name,
        errorMessage: error.message,
        trace: String(error.stack ?? '').split('\n'),
      };
      settleReady({ ok: false, error: rapid, logLine: `Uncaught Exception \t${JSON.stringify(rapid)}` });
      const inv = env.current;
      if (inv && !inv.settled) this.finish(env, inv, failure(rapid));
    });
    worker.on('exit', (code) => {
      if (env.stdoutRest) this.log(env, env.stdoutRest);
      env.stdoutRest = '';
      const wasAlive = env.state !== 'dead';
      env.state = 'dead';
      const exitError: RapidError = {
        errorType: 'Runtime.ExitError',
        errorMessage: `RequestId: ${env.current?.requestId ?? 'undefined'} Error: Runtime exited with error: exit status ${code}`,
        trace: [],
      };
      settleReady({ ok: false, error: exitError, logLine: JSON.stringify(exitError) });
      const inv = env.current;
      if (inv && !inv.settled) this.finish(env, inv, failure(exitError));
      if (this.envs.delete(env) || wasAlive) this.wakeWaiters();
    });
    return env;
  }

  private logStart(env: Environment, inv: ActiveInvocation): void {
    if (inv.startedAt !== undefined) return;
    inv.startedAt = performance.now();
    this.log(env, startLine(inv.requestId, env.handler.function?.version));
  }

  /** Settles an invocation: END and REPORT lines, flush, and the environment back to the pool. */
  private finish(env: Environment, inv: ActiveInvocation, result: InvocationResult, heapMb?: number): void {
    if (inv.settled) return;
    inv.settled = true;
    clearTimeout(inv.timer);
    this.logStart(env, inv);
    const duration = performance.now() - (inv.startedAt ?? inv.acquiredAt);
    this.log(env, endLine(inv.requestId));
    const init = env.coldStart ? env.initDurationMs : undefined;
    env.coldStart = false;
    this.log(env, reportLine(inv.requestId, duration, heapMb ?? 0, init, env.handler.function?.memoryMb));
    if (result.kind === 'timedOut' || inv.functionTimeout) {
      this.log(env, timeoutLine(this.options.clock.now(), inv.requestId, inv.timeoutMs));
    }
    this.flushLogs();
    env.current = undefined;
    if (env.state === 'busy') {
      env.state = 'idle';
      env.lastUsed = performance.now();
      this.wakeWaiters();
    } else {
      this.retire(env);
    }
    inv.resolve({
      ...result,
      requestId: inv.requestId,
      ...(inv.log ? { log: inv.log.join('\n') + '\n' } : {}),
    });
  }

  private timeOut(env: Environment, inv: ActiveInvocation): void {
    if (inv.settled) return;
    env.state = 'dead'; // a timed-out environment is discarded, as Lambda resets its sandbox
    if (!inv.functionTimeout) {
      this.finish(env, inv, { kind: 'timedOut' });
      return;
    }
    // The function's own Timeout: an invocation error, as Lambda reports it.
    this.finish(
      env,
      inv,
      failure({
        errorType: 'Sandbox.Timedout',
        errorMessage: `RequestId: ${inv.requestId} Error: Task timed out after ${(inv.timeoutMs / 1000).toFixed(2)} seconds`,
        trace: [],
      }),
    );
  }

  private retire(env: Environment): void {
    env.state = 'dead';
    if (this.envs.delete(env)) {
      void env.worker.terminate();
      this.wakeWaiters();
    }
  }

  /** Every waiter tries again, in the order they came: what freed may suit only one further back. */
  private wakeWaiters(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  private log(env: Environment, message: string): void {
    if (this.closed) return;
    const key = `${env.logGroupName}\u0000${env.logStreamName}`;
    let batch = this.pendingLogs.get(key);
    if (!batch) {
      batch = { group: env.logGroupName, stream: env.logStreamName, events: [] };
      this.pendingLogs.set(key, batch);
    }
    batch.events.push({ timestamp: this.options.clock.now(), message });
    env.current?.log?.push(message);
    // Lines outside an invocation's end (async logging) are written shortly after, in batches.
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      try {
        this.flushLogs();
      } catch {
        // the database was closed under us: these lines are lost, the engine is going away
      }
    }, 50);
  }

  private flushLogs(): void {
    const batches = [...this.pendingLogs.values()];
    this.pendingLogs.clear();
    for (const b of batches) this.options.logs.append(b.group, b.stream, b.events);
  }
}

let hooksSource: string | null | undefined;

/** The TypeScript loader hooks for bundled .ts handlers, or null when esbuild is not installed. */
function typeScriptHooks(): string | null {
  if (hooksSource === undefined) {
    try {
      const esbuild = createRequire(import.meta.url).resolve('esbuild');
      hooksSource = tsHooksSource(pathToFileURL(esbuild).href);
    } catch {
      hooksSource = null;
    }
  }
  return hooksSource;
}
