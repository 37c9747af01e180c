import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Writes, in `dir`, a definition whose executions stay RUNNING (for a day, even at --speed 100),
 * for `deploy --definition`; returns its path.
 */
export function writeWaitingDefinition(dir: string): string {
  const file = join(dir, 'wait.json');
  writeFileSync(
    file,
    JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 10_000_000, End: true } } }),
  );
  return file;
}
