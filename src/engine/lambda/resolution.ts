// Which code runs for a function name: `--handlers DIR`, then code uploaded through the Lambda
// API, then the bundled handlers (design §4).
import type { FunctionVersionRecord, LambdaFunctionStore } from '../store/lambda-functions.js';
import type { FunctionCodeStore } from './function-code.js';
import { resolveHandlerModule, type HandlerResolver, type ResolvedHandler } from './resolve.js';

export interface ResolutionOptions {
  /** `--handlers DIR`, when given: local edits win over uploaded code. */
  handlersDir?: string;
  functions: LambdaFunctionStore;
  code: FunctionCodeStore;
  bundledDir: string;
}

/** The uploaded code of one function version, with the configuration it runs with. */
export async function uploadedHandler(
  code: FunctionCodeStore,
  config: FunctionVersionRecord,
): Promise<ResolvedHandler> {
  const module = await code.resolve(config.codeSha256, config.handler);
  return {
    ...module,
    // A configuration change (environment, timeout, memory) starts fresh environments, as on Lambda.
    version: `${module.version}:${config.revisionId}`,
    function: {
      version: config.version,
      handler: config.handler,
      environment: config.environment ?? {},
      timeoutMs: config.timeout * 1000,
      memoryMb: config.memorySize,
    },
  };
}

export function handlerResolution(options: ResolutionOptions): HandlerResolver {
  const localDirs = options.handlersDir ? [options.handlersDir] : [];
  return async (name, qualifier) => {
    const latest = qualifier === undefined || qualifier === '$LATEST';
    if (latest) {
      const local = await resolveHandlerModule(name, localDirs);
      if (local) return local;
    }
    const config = options.functions.getVersion(name, qualifier ?? '$LATEST');
    if (config) return uploadedHandler(options.code, config);
    return latest ? resolveHandlerModule(name, [options.bundledDir]) : undefined;
  };
}
