import chalkDefault, { chalkStderr } from 'chalk';

// Colour follows NO_COLOR / FORCE_COLOR and whether each stream is a TTY. chalk checks
// FORCE_COLOR and the TTY but not NO_COLOR (no-color.org), so that is done here; as in Node
// itself, FORCE_COLOR wins when both are set. ora and log-symbols share these instances.
export function noColorRequested(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return !!env.NO_COLOR && env.FORCE_COLOR === undefined;
}

if (noColorRequested()) chalkDefault.level = chalkStderr.level = 0;

export const chalk = chalkDefault;
export { chalkStderr };
