import { parseExecutionRef } from '../arn.js';
import { UsageError } from '../errors.js';

// `taskctl redrive -`: which executions stdin names. Accepted: execution ARNs one per line,
// JSON lines with an executionArn field (NDJSON, e.g. from `redrive --json` or `submit --batch`),
// one JSON array of such objects (what `taskctl list --json` prints) or one JSON object
// (`taskctl describe --json`). Everything is checked before any request is sent.

const FORMATS_HINT =
  'pass execution ARNs one per line, JSON lines with "executionArn", or a JSON array of them (taskctl list --json)';

/** The execution ARNs on stdin, in order, each once. Throws a UsageError naming the first bad line. */
export function parseExecutionList(text: string): string[] {
  const trimmed = text.trim();
  const whole = trimmed.startsWith('[') || trimmed.startsWith('{') ? parseWhole(trimmed) : undefined;
  let arns: string[];
  if (Array.isArray(whole)) {
    arns = whole.map((item, i) => arnOf(item, `item ${i + 1} of the JSON array`));
  } else if (whole !== undefined) {
    arns = [arnOf(whole, 'the JSON object on stdin')];
  } else {
    arns = [];
    text.split(/\r?\n/).forEach((raw, i) => {
      const line = raw.trim();
      if (line !== '') arns.push(arnFromLine(line, `stdin line ${i + 1}`));
    });
  }
  return [...new Set(arns)];
}

/** The whole of stdin as one JSON document, if it is one (a pretty-printed array or object). */
function parseWhole(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    if (text.startsWith('[')) {
      throw new UsageError('stdin starts with "[" but is not a valid JSON array', { hint: FORMATS_HINT });
    }
    return undefined; // JSON lines: each is parsed on its own below
  }
}

function arnFromLine(line: string, where: string): string {
  if (!line.startsWith('{')) return checkedArn(line, where);
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new UsageError(`${where} is not valid JSON: ${(error as Error).message}`, { hint: FORMATS_HINT });
  }
  return arnOf(value, where);
}

function arnOf(value: unknown, where: string): string {
  if (typeof value === 'string') return checkedArn(value, where);
  const arn = (value as { executionArn?: unknown } | null)?.executionArn;
  if (value === null || typeof value !== 'object' || typeof arn !== 'string') {
    throw new UsageError(`${where} has no "executionArn" string`, { hint: FORMATS_HINT });
  }
  return checkedArn(arn, where);
}

function checkedArn(text: string, where: string): string {
  const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  if (!text.startsWith('arn:')) {
    throw new UsageError(`${where}: "${shown}" is not an execution ARN`, { hint: FORMATS_HINT });
  }
  try {
    parseExecutionRef(text);
  } catch {
    throw new UsageError(`${where}: "${shown}" is not an execution ARN`, { hint: FORMATS_HINT });
  }
  return text;
}
