import Table from 'cli-table3';
import { chalk } from './style.js';

// The borderless tables of list, history and describe: columns two spaces apart, a bold header,
// no trailing blanks, so they read like `kubectl get` and stay easy to grep and cut.

const NO_BORDER = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
};

export function formatTable(head: string[], rows: string[][]): string {
  const table = new Table({
    head: head.map((title) => chalk.bold(title)),
    chars: NO_BORDER,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
  });
  table.push(...rows);
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}

/** One line of at most `max` characters: whitespace collapsed, an ellipsis where cut. */
export function oneLine(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * "Error: cause" for a table cell. Lambda wraps a thrown error's message in a JSON cause
 * ({"errorType", "errorMessage", "trace"}); the message alone is what a reader wants there.
 */
export function errorText(error: string, cause: string | undefined, max = 60): string {
  let message = cause ?? '';
  if (message.startsWith('{')) {
    try {
      const parsed = JSON.parse(message) as { errorMessage?: unknown };
      if (typeof parsed.errorMessage === 'string') message = parsed.errorMessage;
    } catch {
      // not JSON after all: show it as it is
    }
  }
  return oneLine(message ? `${error}: ${message}` : error, max);
}
