// The code each Lambda worker thread runs, kept as source text and started with
// `new Worker(WORKER_SOURCE, {eval: true})`: a separate .js file would not exist when vitest
// runs the engine from src/, and a stringified TS function would carry vitest's import rewrites.
// It is plain CommonJS-flavoured JavaScript (eval workers are scripts); keep it free of
// backticks and `${`.

/** Messages from the engine to a worker. */
export interface InvokeMessage {
  type: 'invoke';
  requestId: string;
  payloadJson: string;
  deadlineMs: number; // epoch ms (system time) at which the invocation times out
  invokedFunctionArn: string;
}

/** Lambda's error document: `toRapidResponse` of the Node.js runtime. */
export interface RapidError {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

/** Messages from a worker to the engine. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'initError'; error: RapidError; logLine: string }
  | { type: 'log'; level: string; message: string; requestId: string | null }
  | { type: 'result'; requestId: string; ok: true; json: string; heapMb: number }
  | { type: 'result'; requestId: string; ok: false; error: RapidError; logLine: string; heapMb: number }
  | { type: 'crash'; requestId: string | null; error: RapidError; logLine: string };

/** Data the worker starts with (workerData). */
export interface WorkerData {
  moduleUrl: string;
  modulePath: string;
  functionName: string;
  functionVersion: string;
  memoryMb: number;
  /** The export to call: `handler`, or what follows the module in the function's Handler setting. */
  exportName: string;
  /** The Handler setting as Lambda names it in errors, e.g. `index.handler`. */
  handlerName: string;
  logGroupName: string;
  logStreamName: string;
  /** Module hooks source (see tsHooksSource) when the handler is TypeScript, else null. */
  tsHooksSource: string | null;
}

/**
 * Module hooks (registered only for .ts handlers) that strip types with esbuild and map the
 * `./x.js` specifiers TypeScript sources use onto the `./x.ts` files beside them.
 */
export function tsHooksSource(esbuildUrl: string): string {
  return TS_HOOKS_SOURCE.replace('__ESBUILD_URL__', JSON.stringify(esbuildUrl));
}

const TS_HOOKS_SOURCE = String.raw`
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
let esbuild;
export async function resolve(specifier, context, next) {
  if (context.parentURL && context.parentURL.endsWith('.ts') && /^\.\.?\//.test(specifier) && specifier.endsWith('.js')) {
    const asJs = new URL(specifier, context.parentURL);
    if (!existsSync(fileURLToPath(asJs))) {
      const asTs = new URL(specifier.slice(0, -3) + '.ts', context.parentURL);
      if (existsSync(fileURLToPath(asTs))) return { url: asTs.href, shortCircuit: true };
    }
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (url.startsWith('file:') && url.endsWith('.ts')) {
    esbuild = esbuild || (await import(__ESBUILD_URL__));
    const file = fileURLToPath(url);
    const out = await esbuild.transform(await readFile(file, 'utf8'), {
      loader: 'ts', format: 'esm', sourcefile: file, sourcemap: 'inline', target: 'node20',
    });
    return { format: 'module', source: out.code, shortCircuit: true };
  }
  return next(url, context);
}
`;

export const WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const util = require('node:util');
const v8 = require('node:v8');

const data = workerData;
let currentRequestId = null;

function post(message) {
  parentPort.postMessage(message);
}

// Lambda's Node.js runtime: errorType/errorMessage/trace for the response (toRapidResponse) ...
function toRapidResponse(error) {
  try {
    if (util.types.isNativeError(error) || (error && typeof error.name === 'string' &&
        typeof error.message === 'string' && typeof error.stack === 'string')) {
      return { errorType: error.name, errorMessage: error.message, trace: String(error.stack).split('\n') };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch (_e) {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
      trace: [],
    };
  }
}

// ... and the error with its enumerable properties and split stack for the log (toFormatted).
function toFormatted(error) {
  try {
    return '\t' + JSON.stringify(error, function (_k, v) {
      if (v instanceof Error) {
        const ret = Object.assign({ errorType: v.name, errorMessage: v.message, code: v.code }, v);
        if (typeof v.stack === 'string') ret.stack = v.stack.split('\n');
        return ret;
      }
      return v;
    });
  } catch (_e) {
    return '\t' + JSON.stringify(toRapidResponse(error));
  }
}

function heapMb() {
  return Math.ceil(v8.getHeapStatistics().used_heap_size / 1048576);
}

const LEVELS = { log: 'INFO', info: 'INFO', debug: 'DEBUG', warn: 'WARN', error: 'ERROR', trace: 'TRACE' };
for (const method of Object.keys(LEVELS)) {
  console[method] = function () {
    post({ type: 'log', level: LEVELS[method], message: util.format.apply(null, arguments), requestId: currentRequestId });
  };
}
console.fatal = function () {
  post({ type: 'log', level: 'FATAL', message: util.format.apply(null, arguments), requestId: currentRequestId });
};

function crash(kind, error) {
  const rapid = kind === 'Runtime.UnhandledPromiseRejection'
    ? { errorType: kind, errorMessage: String(error && error.stack ? error.name + ': ' + error.message : error), trace: toRapidResponse(error).trace }
    : toRapidResponse(error);
  post({ type: 'crash', requestId: currentRequestId, error: rapid, logLine: (kind === 'Runtime.UnhandledPromiseRejection' ? 'Unhandled Promise Rejection' : 'Uncaught Exception') + ' ' + toFormatted(rapid) });
  process.exit(1);
}
process.on('uncaughtException', function (error) { crash('Uncaught Exception', error); });
process.on('unhandledRejection', function (reason) { crash('Runtime.UnhandledPromiseRejection', reason); });

let handler = null;

// A named (possibly nested, as in Handler "index.a.b") export, else the same under default.
function exported(mod, path) {
  const walk = function (from) {
    return path.split('.').reduce(function (value, key) { return value == null ? undefined : value[key]; }, from);
  };
  const direct = walk(mod);
  return direct !== undefined ? direct : walk(mod.default);
}

async function init() {
  if (data.modulePath.endsWith('.ts')) {
    if (!data.tsHooksSource) throw Object.assign(new Error('TypeScript handler ' + data.modulePath + ' needs esbuild, which is not installed'), { name: 'Runtime.ImportModuleError' });
    require('node:module').register('data:text/javascript,' + encodeURIComponent(data.tsHooksSource));
  }
  let mod;
  try {
    mod = await import(data.moduleUrl);
  } catch (error) {
    const wrapped = new Error(String(error && error.stack ? error.name + ': ' + error.message : error));
    wrapped.name = error instanceof SyntaxError ? 'Runtime.UserCodeSyntaxError' : 'Runtime.ImportModuleError';
    wrapped.stack = wrapped.name + ': ' + wrapped.message + (error && error.stack ? '\n' + String(error.stack).split('\n').slice(1).join('\n') : '');
    throw wrapped;
  }
  const fn = exported(mod, data.exportName);
  if (typeof fn !== 'function') {
    const error = new Error(data.handlerName + ' is undefined or not exported');
    error.name = 'Runtime.HandlerNotFound';
    throw error;
  }
  handler = fn;
}

function invoke(message) {
  const requestId = message.requestId;
  currentRequestId = requestId;
  let settled = false;
  function done(error, result) {
    if (settled) return;
    settled = true;
    if (error !== null) {
      post({ type: 'result', requestId: requestId, ok: false, error: toRapidResponse(error), logLine: 'Invoke Error ' + toFormatted(error), heapMb: heapMb() });
      return;
    }
    let json;
    try {
      json = JSON.stringify(result === undefined ? null : result);
      if (json === undefined) json = 'null';
    } catch (e) {
      const error = new Error('Unable to stringify response body: ' + (e && e.message ? e.message : String(e)));
      error.name = 'Runtime.MarshalError';
      post({ type: 'result', requestId: requestId, ok: false, error: toRapidResponse(error), logLine: 'Invoke Error ' + toFormatted(error), heapMb: heapMb() });
      return;
    }
    post({ type: 'result', requestId: requestId, ok: true, json: json, heapMb: heapMb() });
  }
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: data.functionName,
    functionVersion: data.functionVersion,
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: String(data.memoryMb),
    awsRequestId: requestId,
    logGroupName: data.logGroupName,
    logStreamName: data.logStreamName,
    identity: undefined,
    clientContext: undefined,
    getRemainingTimeInMillis: function () { return Math.max(0, message.deadlineMs - Date.now()); },
  };
  try {
    const event = JSON.parse(message.payloadJson);
    const callbackStyle = handler.length >= 3;
    const returned = callbackStyle
      ? handler(event, context, function (error, result) { done(error === undefined || error === null ? null : error, result); })
      : handler(event, context);
    if (returned && typeof returned.then === 'function') {
      returned.then(function (value) { done(null, value); }, function (error) { done(error === null || error === undefined ? new Error(String(error)) : error); });
    } else if (!callbackStyle) {
      done(null, returned);
    }
  } catch (error) {
    done(error);
  }
}

parentPort.on('message', function (message) {
  if (message && message.type === 'invoke') invoke(message);
});

init().then(
  function () { post({ type: 'ready' }); },
  function (error) { post({ type: 'initError', error: toRapidResponse(error), logLine: 'Init Error ' + toFormatted(error) }); },
);
`;
