import { open, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { UsageError } from '../errors.js';
import { parseExecutionInput } from '../input.js';
import { idempotentName, nameFromField } from './names.js';

// The input of `submit --batch FILE|-`: NDJSON, one task (a JSON object) per line, read as a
// stream so a file of any size is never held in memory at once.

/** One non-blank physical line; `line` counts every physical line from 1, blank ones too. */
export interface SourceLine {
  line: number;
  text: string;
}

/** How each line's execution is named. */
export type Naming = { kind: 'generated' } | { kind: 'field'; field: string } | { kind: 'idempotent' };

/** The naming that `--name-field FIELD` or `--idempotent` (exclusive flags) ask for. */
export function namingFor(flags: { 'name-field'?: string; idempotent?: boolean }): Naming {
  if (flags['name-field'] !== undefined) return { kind: 'field', field: flags['name-field'] };
  return flags.idempotent ? { kind: 'idempotent' } : { kind: 'generated' };
}

/** The error of a line, as its result line reports it. */
export interface LineError {
  name: string;
  message: string;
}

/** A line ready to start, or why it cannot be. */
export type BatchItem = { line: number; input: string; name?: string } | { line: number; error: LineError };

/** The stream behind `--batch FILE|-`; a file that cannot be read is a usage error (exit 2). */
export async function openBatchInput(source: string): Promise<NodeJS.ReadableStream> {
  if (source === '-') return process.stdin;
  const hint = 'pass --batch with an NDJSON file (one JSON object per line), or - for stdin';
  try {
    const handle = await open(source, 'r');
    if ((await handle.stat()).isDirectory()) {
      await handle.close();
      throw new UsageError(`cannot read batch file ${source}: it is a directory`, { hint });
    }
    return handle.createReadStream({ encoding: 'utf8' });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `cannot read batch file ${source}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      { hint },
    );
  }
}

/** The non-blank lines of `input` (LF or CRLF), numbered; ends early, cleanly, once `signal` aborts. */
export async function* readLines(
  input: NodeJS.ReadableStream,
  signal?: AbortSignal,
): AsyncGenerator<SourceLine> {
  const lines = createInterface({ input, crlfDelay: Infinity, ...(signal ? { signal } : {}) });
  let line = 0;
  try {
    for await (const raw of lines) {
      line++;
      const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw; // a UTF-8 byte order mark
      if (text.trim() !== '') yield { line, text };
    }
  } finally {
    lines.close();
    // A file stream is ours to close; stdin is only paused (by close), never destroyed.
    if (input !== process.stdin && 'destroy' in input) (input as NodeJS.ReadStream).destroy();
  }
}

/**
 * Checks a line as `taskctl submit` checks its INPUT (a JSON object of at most 256 KiB) and
 * names its execution. Problems are the line's error, named as StartExecution would name them.
 */
export function parseBatchLine(source: SourceLine, naming: Naming): BatchItem {
  const { line } = source;
  let input: ReturnType<typeof parseExecutionInput>;
  try {
    input = parseExecutionInput(source.text, `line ${line}`);
  } catch (error) {
    return { line, error: { name: 'InvalidExecutionInput', message: (error as Error).message } };
  }
  switch (naming.kind) {
    case 'generated':
      return { line, input: input.text };
    case 'idempotent':
      return { line, input: input.text, name: idempotentName(input.text) };
    case 'field': {
      const named = nameFromField(input.value, naming.field);
      if ('problem' in named)
        return { line, error: { name: 'InvalidName', message: `line ${line} ${named.problem}` } };
      return { line, input: input.text, name: named.name };
    }
  }
}

/** The non-blank lines of a regular file, for the progress bar's total (one streaming pass). */
export async function countLines(path: string): Promise<number | undefined> {
  // A pipe (--batch <(generate)) can be read only once: that read is the batch's.
  if (!(await stat(path)).isFile()) return undefined;
  let count = 0;
  for await (const _ of readLines(await openBatchInput(path))) count++;
  return count;
}
