import { executionArnFor, stateMachineNameOf } from './arn.js';
import { serviceErrorOf } from './errors.js';

// AWS makes StartExecution idempotent only while the execution runs; taskctl's contract is
// that the same name and the same input always mean the same task. Once the name is taken,
// this tells whether the execution holding it is that task.

export interface ExecutionLookup {
  describeExecution(
    executionArn: string,
    context?: { stateMachine?: string; execution?: string },
  ): Promise<{ input?: string }>;
}

/** The ARN of the execution named `name` if its input is the same JSON as `input`, else undefined. */
export async function findSameTask(
  service: ExecutionLookup,
  stateMachineArn: string,
  name: string,
  input: string,
): Promise<string | undefined> {
  const executionArn = executionArnFor(stateMachineArn, name);
  const found = await service.describeExecution(executionArn, {
    stateMachine: stateMachineNameOf(stateMachineArn),
    execution: name,
  });
  return found.input !== undefined && sameJson(found.input, input) ? executionArn : undefined;
}

function sameJson(a: string, b: string): boolean {
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    return false;
  }
}

/** Whether `error` (as the SDK wrapper throws it) is the service's ExecutionAlreadyExists. */
export const isExecutionAlreadyExists = (error: unknown): boolean =>
  serviceErrorOf(error) === 'ExecutionAlreadyExists';

/**
 * The JSON text in a canonical form: no insignificant whitespace, object keys sorted (by UTF-16
 * code units, as RFC 8785 does), the last of duplicate keys kept (as JSON.parse does), strings
 * re-escaped the one way JSON.stringify writes them. Numbers are kept as written, not parsed,
 * so 12345678901234567890 and 12345678901234567891 stay different. `text` must be valid JSON.
 * Hand-written: Node 20's JSON.parse cannot give a number's source text, and lossless-json
 * refuses the duplicate keys JSON.parse (and StartExecution) accept.
 */
export function canonicalJson(text: string): string {
  let at = 0;
  const skipSpace = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at])) at++;
  };
  const stringToken = (): string => {
    const start = at++;
    while (text[at] !== '"') at += text[at] === '\\' ? 2 : 1;
    at++;
    return text.slice(start, at);
  };
  const value = (): string => {
    skipSpace();
    const first = text[at];
    if (first === '"') return JSON.stringify(JSON.parse(stringToken()));
    if (first === '{' || first === '[') {
      const object = first === '{';
      const members = new Map<string, string>();
      const items: string[] = [];
      at++;
      skipSpace();
      if (text[at] === (object ? '}' : ']')) at++;
      else {
        for (;;) {
          if (object) {
            skipSpace();
            const key = JSON.parse(stringToken()) as string;
            skipSpace();
            at++; // the colon
            members.delete(key);
            members.set(key, value());
          } else items.push(value());
          skipSpace();
          if (text[at++] !== ',') break; // the closing bracket
        }
      }
      if (!object) return `[${items.join(',')}]`;
      const keys = [...members.keys()].sort();
      return `{${keys.map((key) => `${JSON.stringify(key)}:${members.get(key)}`).join(',')}}`;
    }
    // A number, true, false or null: kept as written.
    const start = at;
    while (at < text.length && !',]} \t\n\r'.includes(text[at])) at++;
    return text.slice(start, at);
  };
  return value();
}
