import { createHash } from 'node:crypto';
import { executionNameProblem } from '../names.js';

// Execution names for `submit --batch`: taken from a field of the line (--name-field), or a
// hash of the line's content (--idempotent), so that running the same file again starts nothing
// twice (StartExecution refuses or returns an execution whose name is taken).

/**
 * The JSON text in a canonical form: no insignificant whitespace, object keys sorted (by UTF-16
 * code units, as RFC 8785 does), the last of duplicate keys kept (as JSON.parse does), strings
 * re-escaped the one way JSON.stringify writes them. Numbers are kept as written, not parsed,
 * so 12345678901234567890 and 12345678901234567891 stay different. `text` must be valid JSON.
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

/** `batch-` and the first 32 hex digits of the SHA-256 of the line's canonical JSON (38 characters). */
export function idempotentName(text: string): string {
  return `batch-${createHash('sha256').update(canonicalJson(text)).digest('hex').slice(0, 32)}`;
}

/** The execution name in top-level string field `field`, or why there is none. */
export function nameFromField(
  value: Record<string, unknown>,
  field: string,
): { name: string } | { problem: string } {
  const name = Object.hasOwn(value, field) ? value[field] : undefined;
  if (name === undefined) return { problem: `has no field "${field}" to name the execution` };
  if (typeof name !== 'string') {
    const kind = name === null ? 'null' : Array.isArray(name) ? 'an array' : `a ${typeof name}`;
    return { problem: `field "${field}" must be a string to name the execution, got ${kind}` };
  }
  const problem = executionNameProblem(name);
  return problem ? { problem: `field "${field}": execution name "${name}" ${problem}` } : { name };
}
