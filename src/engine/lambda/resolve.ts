import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lambdaFunctionNameOf } from '../../aws/arn.js';

/**
 * The bundled handlers directory: src/handlers when running from sources (vitest), dist/handlers
 * when compiled — this file sits two levels below either.
 */
export function bundledHandlersDir(): string {
  return fileURLToPath(new URL('../../handlers/', import.meta.url));
}

export interface ResolvedHandler {
  path: string;
  /** Changes whenever the file is rewritten: a worker that loaded another version is replaced. */
  version: string;
  /** The export to call, from the function's Handler setting; `handler` when absent. */
  exportName?: string;
  /** LAMBDA_TASK_ROOT; the module's directory when absent. */
  taskRoot?: string;
  /** Set for code uploaded through the Lambda API: the configuration it runs with. */
  function?: UploadedFunctionSettings;
}

export interface UploadedFunctionSettings {
  version: string; // '$LATEST' or a published version number
  handler: string;
  environment: Record<string, string>;
  timeoutMs: number;
  memoryMb: number;
}

/** Finds the code for a function name (and qualifier, from the Lambda API's Invoke). */
export type HandlerResolver = (name: string, qualifier?: string) => Promise<ResolvedHandler | undefined>;

const EXTENSIONS = ['.mjs', '.js', '.cjs'];
/** The function name from a name or a Lambda function ARN (qualifier ignored); undefined if invalid. */
export const functionNameOf = lambdaFunctionNameOf;

/**
 * Finds the module for `name`: in each dir in order, `NAME.mjs|.js|.cjs`, then
 * `NAME/index.mjs|.js|.cjs`. The bundled dir also accepts `NAME.ts` (sources under vitest).
 */
export async function resolveHandlerModule(
  name: string,
  dirs: readonly string[],
): Promise<ResolvedHandler | undefined> {
  const bundled = resolve(bundledHandlersDir());
  for (const dir of dirs) {
    const extensions = resolve(dir) === bundled ? [...EXTENSIONS, '.ts'] : EXTENSIONS;
    const candidates = [
      ...extensions.map((ext) => join(dir, name + ext)),
      ...EXTENSIONS.map((ext) => join(dir, name, 'index' + ext)),
    ];
    for (const candidate of candidates) {
      try {
        const s = await stat(candidate);
        if (s.isFile()) return { path: resolve(candidate), version: `${s.mtimeMs}:${s.size}:${s.ino}` };
      } catch {
        // not there: try the next candidate
      }
    }
  }
  return undefined;
}
