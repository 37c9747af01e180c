import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { LOCAL_SCOPE } from '../aws/arn.js';
import { CLOSED_EXECUTION_RETENTION_MS, LAMBDA_MAX_TIMEOUT_SECONDS } from '../aws/limits.js';
import { createRequestHandler, type HttpService, type Protocol } from './api/http.js';
import { admissionOf, type Admission } from './api/admission.js';
import { acceptedHostNames, hostCheck } from './api/host-check.js';
import { signatureCheck } from './api/signature.js';
import { faultInjection, FaultSpecError, unknownOperations } from './api/faults.js';
import { seededRandom } from './asl/seeded-random.js';
import { withAliases } from './api/alias-operations.js';
import { withTags } from './api/sfn-tag-operations.js';
import { withLogTags } from './api/logs-tag-operations.js';
import { executionOperations } from './api/execution-operations.js';
import { logsOperations } from './api/logs-operations.js';
import { stateMachineOperations } from './api/state-machine-operations.js';
import { versionOperations } from './api/version-operations.js';
import { lambdaService } from './api/lambda-http.js';
import { lambdaOperations } from './api/lambda-operations.js';
import { iamOperations } from './api/iam-operations.js';
import { iamService } from './api/iam-query.js';
import { RoleAssumption } from './api/role-assumption.js';
import { STATES_FIELD_ERRORS } from './api/well-formed.js';
import { ApiError } from './api/errors.js';
import { engineInfoService } from './api/engine-info.js';
import type { SfnContext } from './api/context.js';
import type { EngineOptions, RunningEngine } from './options.js';
import { bundledHandlersDir, LambdaRuntime } from './lambda/runtime.js';
import { FunctionCodeStore } from './lambda/function-code.js';
import { handlerResolution } from './lambda/resolution.js';
import { OffsetClock } from './runtime/clock.js';
import { HistoryWriter } from './runtime/history-writer.js';
import { Interpreter } from './runtime/interpreter.js';
import { Scheduler } from './runtime/scheduler.js';
import { openDatabase } from './store/db.js';
import { createPrivateFile, makeDataDirPrivate } from './store/private-files.js';
import { ExecutionStore } from './store/executions.js';
import { LogStore } from './store/logs.js';
import { repairUnreadableKeys } from './store/repair.js';
import { StateMachineStore } from './store/state-machines.js';
import { LambdaFunctionStore } from './store/lambda-functions.js';
import { IamRoleStore } from './store/iam-roles.js';
import { ResourceTagStore } from './store/resource-tags.js';
import { lockDataDir, type DataDirLock } from './store/data-dir-lock.js';
import { DataDirWatch } from './store/data-dir-watch.js';
import { TaskTokenStore } from './store/task-tokens.js';
import { callbackOperations } from './api/callback-operations.js';

/** Closed executions past retention are deleted at start and then this often. */
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * AWS allows 1 MB per Step Functions request; the engine counts the body only and allows twice
 * that, so a definition at AWS's 1,048,576-byte limit still fits once JSON-escaped.
 */
const STATES_MAX_BODY_BYTES = 2 * 1024 * 1024;

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** The checks every API call passes before it runs, in the order AWS makes them. */
function admissionFor(
  options: EngineOptions,
  acceptedHosts: string[],
  protocols: Protocol[],
  services: HttpService[],
): Admission {
  const checks: Partial<Admission>[] = [hostCheck(acceptedHosts)];
  if (options.credentials) checks.push(signatureCheck(options.credentials));
  if (options.faults) {
    const served = [
      ...protocols.flatMap((p) => Object.keys(p.operations)),
      ...services.flatMap((s) => s.operationNames),
    ];
    const unknown = unknownOperations(options.faults, served);
    if (unknown.length > 0)
      throw new FaultSpecError(`the engine serves no operation named ${unknown.join(', ')}`);
    const random = options.faultSeed === undefined ? Math.random : seededRandom(options.faultSeed);
    checks.push(faultInjection(options.faults, random));
  }
  return admissionOf(checks);
}

/**
 * Takes the data directory (refusing with DataDirLockedError while another engine holds it), opens
 * the store, resumes running executions and serves the AWS JSON APIs.
 */
export async function startEngine(options: EngineOptions): Promise<RunningEngine> {
  makeDataDirPrivate(options.dataDir);
  createPrivateFile(join(options.dataDir, 'engine.lock'));
  const lock = lockDataDir(options.dataDir);
  try {
    return await serveDataDir(options, lock);
  } catch (e) {
    lock.release();
    throw e;
  }
}

async function serveDataDir(options: EngineOptions, lock: DataDirLock): Promise<RunningEngine> {
  const clock = options.clock ?? new OffsetClock(options.clockOffsetMs ?? 0);
  const account = {
    region: options.region ?? LOCAL_SCOPE.region,
    accountId: options.accountId ?? LOCAL_SCOPE.accountId,
  };
  const dbFile = join(options.dataDir, 'engine.db');
  createPrivateFile(dbFile);
  const db = openDatabase(dbFile, { maxPageCount: options.maxDatabasePages });
  const logs = new LogStore(db, clock);
  const handlersDirs = [...(options.handlersDir ? [options.handlersDir] : []), bundledHandlersDir()];
  const functions = new LambdaFunctionStore(db);
  const functionCode = new FunctionCodeStore(join(options.dataDir, 'lambda-code'));
  const resolve = handlerResolution({
    handlersDir: options.handlersDir,
    functions,
    code: functionCode,
    bundledDir: bundledHandlersDir(),
  });
  const lambda = new LambdaRuntime({ handlersDirs, resolve, logs, clock, ...account });
  const interpreter = new Interpreter({
    speed: options.speed,
    // Lambda's own maximum timeout, when a Task sets none.
    defaultTaskTimeoutMs: (LAMBDA_MAX_TIMEOUT_SECONDS * 1000) / options.speed,
  });
  const executions = new ExecutionStore(db);
  const machines = new StateMachineStore(db);
  for (const key of repairUnreadableKeys(db, clock.now())) {
    console.error(`taskctl engine: repaired a key stored from a lone surrogate: ${key}`);
  }
  const history = new HistoryWriter(executions, machines, logs);
  const tokens = new TaskTokenStore(db);
  const iamRoles = new IamRoleStore(db);
  const roles = new RoleAssumption(iamRoles, account, options.faults?.rolePropagationMs);
  const scheduler = new Scheduler(db, executions, history, interpreter, lambda, clock, tokens);
  const ctx: SfnContext = {
    db,
    account,
    clock,
    speed: options.speed,
    machines,
    executions,
    history,
    scheduler,
    interpreter,
    tokens,
    roles,
  };

  const id = randomUUID();
  let onDataDirLost: (error: Error) => void = () => {};
  const dataDirLost = new Promise<Error>((resolve) => (onDataDirLost = resolve));
  const watch = new DataDirWatch({ 'data directory': options.dataDir, database: dbFile }, (reason) => {
    // Nothing more is written: the scheduler stops and every request is refused until the owner closes.
    scheduler.close();
    console.error(`taskctl engine: stopped accepting requests: ${reason}`);
    onDataDirLost(new Error(reason));
  });
  // Checked once per turn of the event loop (two stat calls), not for each request read in it.
  let checkedThisTurn: { reason: string | undefined } | undefined;
  const refusal = () => {
    if (!checkedThisTurn) {
      checkedThisTurn = { reason: watch.check() };
      setImmediate(() => (checkedThisTurn = undefined));
    }
    const { reason } = checkedThisTurn;
    return reason === undefined
      ? undefined
      : new ApiError(
          'ServiceUnavailable',
          `The engine stopped accepting requests: ${reason}; start it again with: taskctl dev`,
          503,
        );
  };

  const onInternalError = (e: unknown) => console.error('taskctl engine: internal error:', e);
  const services = [
    engineInfoService({ id, dataDir: options.dataDir, pid: process.pid, version: options.version ?? '' }),
    lambdaService(
      lambdaOperations({
        account,
        clock,
        functions,
        code: functionCode,
        roles,
        invoke: (name, payload, invokeOptions) => lambda.invoke(name, payload, invokeOptions),
      }),
      onInternalError,
    ),
    iamService(
      iamOperations({ account, clock, roles: iamRoles, onTrustChanged: (name) => roles.trustChanged(name) }),
      onInternalError,
    ),
  ];
  const protocols: Protocol[] = [
    {
      service: 'states',
      targetPrefix: 'AWSStepFunctions',
      contentType: 'application/x-amz-json-1.0',
      operations: withTags(
        ctx,
        withAliases(ctx, {
          ...stateMachineOperations(ctx),
          ...versionOperations(ctx),
          ...executionOperations(ctx),
          ...callbackOperations(ctx),
        }),
      ),
      maxBodyBytes: STATES_MAX_BODY_BYTES,
      fieldErrors: STATES_FIELD_ERRORS,
    },
    {
      service: 'logs',
      targetPrefix: 'Logs_20140328',
      contentType: 'application/x-amz-json-1.1',
      operations: withLogTags(logsOperations(logs, account), logs, new ResourceTagStore(db), account),
      fieldErrors: { '*': 'InvalidParameterException' },
    },
  ];
  const acceptedHosts = acceptedHostNames(options.host, options.allowedHosts);
  let admission: Admission;
  try {
    admission = admissionFor(options, acceptedHosts, protocols, services);
  } catch (e) {
    db.close();
    await lambda.close();
    throw e;
  }
  const handler = createRequestHandler(protocols, onInternalError, {
    bodyTimeoutMs: options.bodyTimeoutMs,
    services,
    admission,
    refusal,
  });
  const server = createServer((request, response) => void handler(request, response));
  server.keepAliveTimeout = 65_000;
  let port: number;
  try {
    port = await listen(server, options.port, options.host);
  } catch (e) {
    db.close();
    await lambda.close();
    throw e;
  }
  const purge = () => {
    if (watch.check() === undefined) {
      executions.purgeStopped(clock.now() - CLOSED_EXECUTION_RETENTION_MS);
      tokens.purgeOrphans();
    }
  };
  purge();
  const purging = setInterval(purge, options.purgeIntervalMs ?? PURGE_INTERVAL_MS).unref();
  scheduler.start();
  watch.start(options.dataDirCheckIntervalMs);

  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    acceptedHosts,
    id,
    dataDirLost,
    async close() {
      watch.stop();
      clearInterval(purging);
      scheduler.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await lambda.close();
      try {
        db.close();
      } finally {
        lock.release();
      }
    },
  };
}
