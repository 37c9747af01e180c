import { fstatSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { MAX_EXECUTION_INPUT_BYTES } from '../aws/limits.js';
import { UsageError } from './errors.js';

// Parsing `submit [INPUT]`: JSON text, @file.json, or - for one JSON document on stdin. With no
// INPUT, stdin is read when something was piped or redirected in (`echo '{…}' | taskctl submit`),
// never from a terminal or /dev/null, so an interactive or CI run without INPUT starts with {}.

export interface ExecutionInput {
  /** Sent as-is (not re-serialized), so big numbers and key order survive and idempotent re-submits match. */
  text: string;
  value: Record<string, unknown>;
  source: string;
}

export interface InputSources {
  readStdin: () => Promise<string>;
  readFile: (path: string) => Promise<string>;
  /** Whether stdin was piped or redirected in (see stdinIsPiped). */
  stdinIsPiped: () => boolean;
}

const defaultSources: InputSources = {
  readStdin: () => readStdinText(),
  readFile: (path) => readFile(path, 'utf8'),
  stdinIsPiped: () => stdinIsPiped(),
};

export interface ReadInputOptions {
  /** Called once if stdin, read because INPUT was not given, has not ended after `waitingAfterMs`. */
  onWaitingForStdin?: () => void;
  waitingAfterMs?: number;
}

/** The source named in messages about input read from stdin because INPUT was not given. */
export const IMPLICIT_STDIN = 'stdin (no INPUT was given)';

export async function readExecutionInput(
  arg: string | undefined,
  sources: InputSources = defaultSources,
  options: ReadInputOptions = {},
): Promise<ExecutionInput> {
  if (arg === undefined) {
    if (!sources.stdinIsPiped()) return parseExecutionInput('{}', 'default input');
    const text = await whileWaiting(sources.readStdin(), options);
    // A pipe that closes empty (`true | taskctl submit`, a CI step) means no input: {}.
    return parseExecutionInput(text.trim() === '' ? '{}' : text, IMPLICIT_STDIN);
  }
  if (arg === '-') return parseExecutionInput(await sources.readStdin(), 'stdin');
  if (arg.startsWith('@')) {
    const path = arg.slice(1);
    let text: string;
    try {
      text = await sources.readFile(path);
    } catch (error) {
      throw new UsageError(
        `cannot read input file ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
        {
          hint: 'pass @path/to/input.json, - for stdin, or the JSON text itself',
        },
      );
    }
    return parseExecutionInput(text, path);
  }
  return parseExecutionInput(arg, 'the INPUT argument');
}

export function parseExecutionInput(raw: string, source: string): ExecutionInput {
  const text = raw.trim();
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_EXECUTION_INPUT_BYTES) {
    throw new UsageError(
      `input from ${source} is ${bytes} bytes; Step Functions accepts at most ${MAX_EXECUTION_INPUT_BYTES}`,
      {
        hint: 'pass a reference (an S3 key, an id) instead of the data itself',
      },
    );
  }
  if (text === '') {
    throw new UsageError(`input from ${source} is empty`, { hint: 'pass a JSON object, e.g. {}' });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`input from ${source} is not valid JSON: ${(error as Error).message}`, {
      hint: `quote it for the shell, e.g. taskctl submit '{"id": 1}'`,
    });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    throw new UsageError(`input from ${source} must be a JSON object, got ${kind}`, {
      hint: 'wrap it in an object, e.g. {"items": [...]}',
    });
  }
  return { text, value: value as Record<string, unknown>, source };
}

/** `reading`, calling onWaitingForStdin once if it takes longer than waitingAfterMs (1 s). */
async function whileWaiting(reading: Promise<string>, options: ReadInputOptions): Promise<string> {
  if (!options.onWaitingForStdin) return reading;
  const timer = setTimeout(options.onWaitingForStdin, options.waitingAfterMs ?? 1_000);
  try {
    return await reading;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether stdin holds data piped or redirected in: a pipe, a socket (what Node gives a child's
 * piped stdin) or a file. Not a terminal, and not /dev/null or another device, which a CI runner
 * or `ssh -n` gives: reading those would wait for a person or read nothing. A stream without a
 * file descriptor (one put in its place, as in tests) counts as piped.
 */
export function stdinIsPiped(stdin: NodeJS.ReadStream = process.stdin): boolean {
  if (stdin.isTTY) return false;
  const fd = (stdin as { fd?: unknown }).fd;
  if (typeof fd !== 'number') return true;
  try {
    const stat = fstatSync(fd);
    return stat.isFIFO() || stat.isSocket() || stat.isFile();
  } catch {
    return false; // closed (`<&-`): nothing to read
  }
}

/** All of stdin as UTF-8 text (`submit -`, `redrive -`). */
export function readStdinText(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  return text(stdin);
}
