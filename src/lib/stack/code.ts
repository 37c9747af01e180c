import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../errors.js';
import type { HandlerName } from './names.js';

// The functions' code: each handler as one file in a deterministic zip, so the same source gives
// the same bytes and Lambda's CodeSha256 tells whether the deployed code differs.

export interface HandlerPackage {
  handler: HandlerName;
  /** The Lambda Handler setting: FILE.handler. */
  lambdaHandler: string;
  zip: Uint8Array;
  /** Base64 SHA-256 of the zip, as Lambda reports CodeSha256. */
  codeSha256: string;
  source: string;
}

const EXTENSIONS = ['.mjs', '.js', '.cjs'];

/**
 * The bundled handlers, each bundled with its imports into one ESM file at build time
 * (scripts/bundle-handlers.js writes dist/lambda/NAME.mjs); found from dist/ or, under tests, from src/.
 */
export function bundledHandlersDir(): string {
  const candidates = ['../../lambda/', '../../../dist/lambda/'].map((rel) =>
    fileURLToPath(new URL(rel, import.meta.url)),
  );
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error('the bundled Lambda handlers are missing: run npm run build');
  return found;
}

// A fixed time in local-time fields (zip stores DOS local time): the same bytes in every time zone.
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
// Regular file, rw-r--r--: Lambda must be able to read it.
const FILE_ATTRS = (0o100644 << 16) >>> 0;

/** One file in a zip whose bytes depend only on the file's name and content. */
export async function deterministicZip(name: string, content: Uint8Array): Promise<Uint8Array> {
  const { zipSync } = await import('fflate');
  return zipSync({ [name]: [content, { level: 9, mtime: FIXED_MTIME, os: 3, attrs: FILE_ATTRS }] });
}

export const sha256Base64 = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('base64');

/** Finds NAME.mjs|.js|.cjs in `dir`; undefined when there is none. */
function findHandlerFile(dir: string, handler: string): string | undefined {
  return EXTENSIONS.map((ext) => join(dir, handler + ext)).find((file) => existsSync(file));
}

/** The handler's package: from `--handlers DIR` when it has the file, else the bundled one. */
export async function packageHandler(handler: HandlerName, handlersDir?: string): Promise<HandlerPackage> {
  const file =
    (handlersDir && findHandlerFile(handlersDir, handler)) || findHandlerFile(bundledHandlersDir(), handler);
  if (!file) {
    throw new UsageError(`no ${handler} handler found`, {
      hint: `put ${handler}.mjs (or .js, .cjs) exporting handler(event, context) in --handlers DIR`,
    });
  }
  const name = basename(file);
  const zip = await deterministicZip(name, await readFile(file));
  return {
    handler,
    lambdaHandler: `${basename(name, extname(name))}.handler`,
    zip,
    codeSha256: sha256Base64(zip),
    source: file,
  };
}

/** Checks `--handlers DIR` before anything is sent: it must exist and hold at least one handler. */
export function checkHandlersDir(dir: string, handlers: readonly string[]): void {
  if (!existsSync(dir)) {
    throw new UsageError(`--handlers ${dir} does not exist`, {
      hint: 'pass a directory holding NAME.mjs handler files',
    });
  }
  if (!handlers.some((handler) => findHandlerFile(dir, handler))) {
    throw new UsageError(`--handlers ${dir} holds none of ${handlers.map((h) => `${h}.mjs`).join(', ')}`, {
      hint: 'name each file after the handler it replaces (.mjs, .js or .cjs)',
    });
  }
}
