import Table from 'cli-table3';
import type { RedriveCheck } from '../redrive/classify.js';
import type { RedriveOutcome } from '../redrive/run.js';
import { formatDuration, statusColour } from './execution.js';
import { chalk } from './style.js';

// Human views of `taskctl redrive`: the --dry-run table and one line per execution.

export function formatCheckTable(checks: readonly RedriveCheck[]): string {
  // Reasons wrap at a readable width; the other columns size themselves.
  const reasonWidth = Math.min(50, Math.max(9, ...checks.map((check) => (check.reason ?? '').length + 2)));
  const table = new Table({
    head: ['execution', 'status', 'redrivable', 'why not', 'days left', 'events left'].map((h) =>
      chalk.bold(h),
    ),
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    colAligns: ['left', 'left', 'left', 'left', 'right', 'right'],
    colWidths: [null, null, null, reasonWidth, null, null] as unknown as number[],
    wordWrap: true,
  });
  for (const check of checks) {
    table.push([
      check.name,
      statusColour(check.status),
      check.redrivable ? chalk.green('yes') : chalk.red('no'),
      check.reason ?? '',
      check.daysLeft === undefined ? '-' : check.daysLeft.toFixed(1),
      check.eventsLeft === undefined ? '-' : String(check.eventsLeft),
    ]);
  }
  return table.toString();
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
      const why = outcome.error ? `: ${outcome.error}${outcome.cause ? ` (${outcome.cause})` : ''}` : '';
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
