// Code uploaded through the Lambda API: each zip unpacked once, under a directory named by its hash.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { MAX_LAMBDA_UNZIPPED_BYTES } from '../../aws/limits.js';
import type { ResolvedHandler } from './resolve.js';

/** The zip could not be unpacked; `message` is what Lambda says. */
export class InvalidZipError extends Error {
  constructor(message = 'Could not unzip uploaded file. Please check your file, then try to upload again.') {
    super(message);
    this.name = 'InvalidZipError';
  }
}

export interface StoredCode {
  codeSha256: string; // base64, as Lambda reports CodeSha256
  codeSize: number;
}

const EXTENSIONS = ['.mjs', '.js', '.cjs'];

/** Where unpacked code lives: one directory per zip, named by the zip's SHA-256 (base64url). */
export class FunctionCodeStore {
  constructor(private readonly root: string) {}

  dirFor(codeSha256: string): string {
    return join(this.root, Buffer.from(codeSha256, 'base64').toString('base64url'));
  }

  zipFor(codeSha256: string): string {
    return this.dirFor(codeSha256) + '.zip';
  }

  /** Unpacks `zip` (unless the same bytes were stored before) and returns its hash and size. */
  async put(zip: Buffer): Promise<StoredCode> {
    const codeSha256 = createHash('sha256').update(zip).digest('base64');
    const dir = this.dirFor(codeSha256);
    if (!existsSync(dir)) {
      const files = await unzip(zip);
      const staging = `${dir}.${randomUUID()}.tmp`;
      try {
        for (const [name, bytes] of files) {
          const file = join(staging, name);
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, bytes);
        }
        mkdirSync(staging, { recursive: true });
        writeFileSync(`${staging}.zip`, zip);
        renameSync(`${staging}.zip`, this.zipFor(codeSha256));
        renameSync(staging, dir);
      } catch (e) {
        rmSync(staging, { recursive: true, force: true });
        rmSync(`${staging}.zip`, { force: true });
        if (!existsSync(dir)) throw e; // else a concurrent upload of the same zip won the rename
      }
    }
    return { codeSha256, codeSize: zip.length };
  }

  /**
   * The module a Lambda `Handler` setting names in the code of `codeSha256`: `index.handler` is
   * export `handler` of index.mjs|.js|.cjs; `src/app.main` is export `main` of src/app.*. When no
   * such file exists the path is still returned, so the invocation fails as Lambda's does
   * (Runtime.ImportModuleError) rather than running other code.
   */
  async resolve(codeSha256: string, handler: string): Promise<HandlerModule> {
    const root = this.dirFor(codeSha256);
    const slash = handler.lastIndexOf('/');
    const dot = handler.indexOf('.', slash + 1);
    const modulePath = dot < 0 ? handler : handler.slice(0, dot);
    const exportName = dot < 0 ? 'handler' : handler.slice(dot + 1);
    const candidates = EXTENSIONS.map((ext) => join(root, modulePath + ext)).filter((f) => isInside(root, f));
    for (const file of candidates) {
      try {
        if ((await stat(file)).isFile())
          return { path: file, version: codeSha256, exportName, taskRoot: root };
      } catch {
        // not there: try the next extension
      }
    }
    const missing = candidates[0] ?? join(root, '.handler-outside-the-package.js');
    return { path: missing, version: codeSha256, exportName, taskRoot: root };
  }
}

export type HandlerModule = ResolvedHandler & { exportName: string; taskRoot: string };

function isInside(root: string, file: string): boolean {
  const rel = normalize(file).slice(normalize(root).length);
  return normalize(file).startsWith(normalize(root) + sep) && !rel.split(sep).includes('..');
}

/** The zip's files (directories omitted); rejects entries that would land outside the code directory. */
async function unzip(zip: Buffer): Promise<[string, Uint8Array][]> {
  const { unzipSync } = await import('fflate');
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(zip.buffer, zip.byteOffset, zip.length), {
      filter: (file) => {
        total += file.originalSize;
        if (total > MAX_LAMBDA_UNZIPPED_BYTES) {
          throw new InvalidZipError(`Unzipped size must be smaller than ${MAX_LAMBDA_UNZIPPED_BYTES} bytes`);
        }
        return !file.name.endsWith('/');
      },
    });
  } catch (e) {
    throw e instanceof InvalidZipError ? e : new InvalidZipError();
  }
  const entries = Object.entries(files);
  for (const [name] of entries) {
    const clean = normalize(name);
    if (isAbsolute(name) || clean.startsWith('..') || clean.split(sep).includes('..')) {
      throw new InvalidZipError();
    }
  }
  return entries;
}
