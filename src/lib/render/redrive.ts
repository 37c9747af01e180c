import type { RedriveCheck } from '../redrive/classify.js';
import type { RedriveOutcome } from '../redrive/run.js';
import { formatDuration } from './duration.js';
import { statusColour } from './execution.js';
import { chalk } from './style.js';
import { formatTable, oneLine } from './table.js';
import { causeText } from './watch.js';

// Human views of `taskctl redrive`: the --dry-run table and one line per execution.

export function formatCheckTable(checks: readonly RedriveCheck[]): string {
  return formatTable(
    ['EXECUTION', 'STATUS', 'REDRIVABLE', 'DAYS LEFT', 'EVENTS LEFT', 'WHY NOT'],
    checks.map((check) => [
      check.name,
      statusColour(check.status),
      check.redrivable ? chalk.green('yes') : chalk.red('no'),
      check.daysLeft === undefined ? '-' : check.daysLeft.toFixed(1),
      check.eventsLeft === undefined ? '-' : String(check.eventsLeft),
      check.reason ?? '',
    ]),
  );
}

/**
 * What a bulk redrive is about to redrive, shown above its confirmation: the first `max`
 * executions with their status, then how many more.
 */
export function formatRedriveList(checks: readonly RedriveCheck[], max = 10): string {
  const redrivable = checks.filter((check) => check.redrivable);
  const shown = redrivable
    .slice(0, max)
    .map(
      (check) =>
        `  ${check.name}  ${statusColour(check.status)}${check.stopDate ? `  ${check.stopDate}` : ''}`,
    );
  const more = redrivable.length - shown.length;
  if (more > 0) shown.push(`  … and ${more} more (run it with --dry-run to list them all)`);
  return shown.join('\n');
}

/** `redriven NAME` / `skipped NAME: REASON` / `failed NAME: ERROR`, plus the final status after --wait. */
export function formatOutcomeLine(outcome: RedriveOutcome): string {
  const name = chalk.bold(outcome.name);
  switch (outcome.result) {
    case 'skipped':
      return `${chalk.yellow('skipped')} ${name}: ${outcome.reason}`;
    case 'failed':
      return `${chalk.red('failed')} ${name}: ${outcome.reason}`;
    case 'redriven': {
      const line = `${chalk.green('redriven')} ${name}`;
      if (outcome.waitError) return `${line}; could not wait for it: ${outcome.waitError}`;
      if (!outcome.status) return line;
      const took =
        outcome.redriveDate && outcome.stopDate
          ? ` in ${formatDuration(Date.parse(outcome.stopDate) - Date.parse(outcome.redriveDate))}`
          : '';
      const cause = outcome.cause ? ` (${oneLine(causeText(outcome.cause), 100)})` : '';
      const why = outcome.error ? `: ${outcome.error}${cause}` : '';
      return `${line} → ${statusColour(outcome.status)}${took}${why}`;
    }
  }
}

/** The summary on stderr once all are done. */
export function formatSummary(outcomes: readonly RedriveOutcome[], notStarted: number): string {
  const count = (result: string) => outcomes.filter((o) => o.result === result).length;
  const parts = [`${count('redriven')} redriven`, `${count('skipped')} skipped`, `${count('failed')} failed`];
  if (notStarted > 0) parts.push(`${notStarted} not started (interrupted)`);
  return parts.join(', ');
}
