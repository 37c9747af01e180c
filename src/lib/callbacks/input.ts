import { readFile } from 'node:fs/promises';
import { MAX_TASK_OUTPUT_BYTES, MAX_TASK_TOKEN_LENGTH } from '../../aws/limits.js';
import { UsageError } from '../errors.js';
import { readStdinText } from '../input.js';

// What `taskctl task succeed|fail|heartbeat` read: the TOKEN argument (or many tokens from
// stdin, one per line) and succeed's OUTPUT (JSON text, @file.json, or - for stdin).

export interface CallbackSources {
  readStdin: () => Promise<string>;
  readFile: (path: string) => Promise<string>;
}

const defaultSources: CallbackSources = {
  readStdin: () => readStdinText(),
  readFile: (path) => readFile(path, 'utf8'),
};

/** A token as the API takes it (1–2,048 characters); the service says whether it names a task. */
function checkToken(token: string, where: string): string {
  if (token.length > MAX_TASK_TOKEN_LENGTH) {
    throw new UsageError(
      `the task token ${where} is ${token.length} characters; a task token is at most ${MAX_TASK_TOKEN_LENGTH}`,
      { hint: 'pass the token exactly as the task received it ($$.Task.Token)' },
    );
  }
  return token;
}

/** TOKEN, or with `-` the non-blank lines of stdin (each trimmed), in order. */
export async function readTaskTokens(
  arg: string,
  sources: Pick<CallbackSources, 'readStdin'> = defaultSources,
): Promise<string[]> {
  if (arg !== '-') {
    if (arg.trim() === '') {
      throw new UsageError('the task token is empty', {
        hint: 'pass a token, or - to read tokens from stdin',
      });
    }
    return [checkToken(arg.trim(), 'given')];
  }
  const tokens = (await sources.readStdin())
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (tokens.length === 0) {
    throw new UsageError('no task tokens on stdin', {
      hint: 'pipe one token per line into taskctl task … -',
    });
  }
  return tokens.map((token, i) => checkToken(token, `on line ${i + 1}`));
}

/**
 * SendTaskSuccess's output: any JSON document (a string or an array too, as the API takes),
 * sent as given. Absent, it is `{}`.
 */
export async function readTaskOutput(
  arg: string | undefined,
  sources: CallbackSources = defaultSources,
): Promise<string> {
  if (arg === undefined) return '{}';
  let raw = arg;
  let source = 'the OUTPUT argument';
  if (arg === '-') {
    raw = await sources.readStdin();
    source = 'stdin';
  } else if (arg.startsWith('@')) {
    source = arg.slice(1);
    try {
      raw = await sources.readFile(source);
    } catch (error) {
      throw new UsageError(
        `cannot read output file ${source}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        { hint: 'pass @path/to/output.json, - for stdin, or the JSON text itself' },
      );
    }
  }
  const text = raw.trim();
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_TASK_OUTPUT_BYTES) {
    throw new UsageError(
      `output from ${source} is ${bytes} bytes; Step Functions accepts at most ${MAX_TASK_OUTPUT_BYTES}`,
      { hint: 'pass a reference (an S3 key, an id) instead of the data itself' },
    );
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw new UsageError(`output from ${source} is not valid JSON: ${(error as Error).message}`, {
      hint: `quote it for the shell, e.g. taskctl task succeed TOKEN '{"approved": true}'`,
    });
  }
  return text;
}
