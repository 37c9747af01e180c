import ms from 'ms';

// The one reader of durations typed by a user (`--since 2h`, `--timeout 500ms`), on `ms`.

/** How long `text` is as a duration with a unit (`500ms`, `15m`, `1.5h`, `2 days`), if it is one. */
export function durationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/[a-z]$/i.test(trimmed)) return undefined; // ms reads a bare number as milliseconds
  const length = ms(trimmed as ms.StringValue) as number | undefined; // undefined when it is not one
  return length !== undefined && length >= 0 ? length : undefined;
}
