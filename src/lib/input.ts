import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import { MAX_EXECUTION_INPUT_BYTES } from '../aws/limits.js';
import { UsageError } from './errors.js';

// Parsing `submit [INPUT]`: JSON text, @file.json, or - for one JSON document on stdin.

export interface ExecutionInput {
  /** Sent as-is (not re-serialized), so big numbers and key order survive and idempotent re-submits match. */
  text: string;
  value: Record<string, unknown>;
  source: string;
}

export interface InputSources {
  readStdin: () => Promise<string>;
  readFile: (path: string) => Promise<string>;
}

const defaultSources: InputSources = {
  readStdin: () => readStdinText(),
  readFile: (path) => readFile(path, 'utf8'),
};

export async function readExecutionInput(
  arg: string | undefined,
  sources: InputSources = defaultSources,
): Promise<ExecutionInput> {
  if (arg === undefined) return parseExecutionInput('{}', 'default input');
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

/** All of stdin as UTF-8 text (`submit -`, `redrive -`). */
export function readStdinText(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  return text(stdin);
}
