import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createProgress, formatProgress } from '../../../src/lib/render/progress.js';
import * as render from '../../../src/lib/render/redrive.js';

// Compared without colour, whatever the terminal running the tests supports.
const plain =
  <A extends unknown[]>(format: (...args: A) => string) =>
  (...args: A) =>
    stripVTControlCharacters(format(...args));
const formatOutcomeLine = plain(render.formatOutcomeLine);
const formatCheckTable = plain(render.formatCheckTable);
const formatSummary = render.formatSummary;
const arn = 'arn:aws:states:us-east-1:123456789012:execution:m:job-1';

describe('redrive rendering', () => {
  it('prints one line per outcome', () => {
    expect(formatOutcomeLine({ executionArn: arn, name: 'job-1', result: 'redriven' })).toBe(
      'redriven job-1',
    );
    expect(
      formatOutcomeLine({
        executionArn: arn,
        name: 'job-1',
        result: 'skipped',
        reason: 'Execution is RUNNING.',
      }),
    ).toBe('skipped job-1: Execution is RUNNING.');
    expect(formatOutcomeLine({ executionArn: arn, name: 'job-1', result: 'failed', reason: 'boom' })).toBe(
      'failed job-1: boom',
    );
    expect(
      formatOutcomeLine({
        executionArn: arn,
        name: 'job-1',
        result: 'redriven',
        redriveDate: '2024-05-01T00:00:00.000Z',
        status: 'FAILED',
        stopDate: '2024-05-01T00:00:02.500Z',
        error: 'OutageError',
        cause: 'down',
      }),
    ).toBe('redriven job-1 → FAILED in 2.5s: OutageError (down)');
  });

  it("shows a Lambda error's message, not its JSON cause with the stack trace", () => {
    const cause = JSON.stringify({
      errorType: 'TransientError',
      errorMessage: 'CreateTask: simulated outage',
      trace: [
        'TransientError: CreateTask: simulated outage',
        '    at createTask (file:///x/simulation.js:107:19)',
      ],
    });
    expect(
      formatOutcomeLine({
        executionArn: arn,
        name: 'job-1',
        result: 'redriven',
        redriveDate: '2024-05-01T00:00:00.000Z',
        status: 'FAILED',
        stopDate: '2024-05-01T00:00:02.500Z',
        error: 'TransientError',
        cause,
      }),
    ).toBe('redriven job-1 → FAILED in 2.5s: TransientError (CreateTask: simulated outage)');
  });

  it('tables the checks with a dash where a figure does not apply', () => {
    const table = formatCheckTable([
      {
        executionArn: arn,
        name: 'job-1',
        status: 'FAILED',
        redrivable: true,
        redriveCount: 0,
        daysLeft: 13.5,
        eventsLeft: 24_990,
      },
      {
        executionArn: arn,
        name: 'job-2',
        status: 'RUNNING',
        redrivable: false,
        reason: 'Execution is RUNNING and cannot be redriven.',
        redriveCount: 0,
      },
      {
        executionArn: arn,
        name: 'job-3',
        status: 'FAILED',
        redrivable: false,
        reason: 'a reason far longer than fifty characters, which wraps onto a second line',
        redriveCount: 0,
      },
    ]);
    expect(table.split('\n')[0]).toMatch(
      /^EXECUTION\s+STATUS\s+REDRIVABLE\s+DAYS LEFT\s+EVENTS LEFT\s+WHY NOT$/,
    );
    expect(table).toMatch(/job-1\s+FAILED\s+yes\s+13\.5\s+24990\n/);
    expect(table).toMatch(/job-2\s+RUNNING\s+no\s+-\s+-\s+Execution is RUNNING and cannot be redriven\./);
    expect(table).toMatch(/job-3\s+FAILED\s+no\s+-\s+-\s+a reason far longer than fifty characters/);
  });

  it('summarizes and draws progress', () => {
    expect(
      formatSummary(
        [
          { executionArn: arn, name: 'a', result: 'redriven' },
          { executionArn: arn, name: 'b', result: 'skipped' },
        ],
        3,
      ),
    ).toBe('1 redriven, 1 skipped, 0 failed, 3 not started (interrupted)');
    expect(formatProgress('redriving', { done: 1, total: 4, tally: { redriven: 1, failed: 0 } }, 8)).toBe(
      'redriving ▕██░░░░░░▏ 1/4  1 redriven',
    );
  });
});

describe('createProgress', () => {
  /** A stderr that says it is a terminal; `out` stands for stdout, written in between. */
  function terminal() {
    const written: string[] = [];
    const stream = { isTTY: true, columns: 60, write: (chunk: string) => (written.push(chunk), true) };
    return { written, stream: stream as unknown as NodeJS.WriteStream };
  }

  it('draws the bar, clears it before each result line and draws it again after', async () => {
    const { written, stream } = terminal();
    const progress = await createProgress(stream);
    progress.update('redriving', { done: 1, total: 2 });
    expect(written.join('')).toContain('redriving ▕████████████░░░░░░░░░░░░▏ 1/2');
    written.length = 0;
    progress.interrupt(() => written.push('RESULT\n'));
    const at = written.indexOf('RESULT\n');
    expect(at).toBeGreaterThan(0); // something was written before it: the bar's erasure
    expect(stripVTControlCharacters(written.slice(0, at).join(''))).toBe('');
    expect(written.slice(at + 1).join('')).toContain('1/2'); // the bar again
    written.length = 0;
    progress.stop();
    expect(written.length).toBeGreaterThan(0);
    expect(stripVTControlCharacters(written.join(''))).toBe('');
  });

  it('draws nothing when disabled, and still writes the result lines', async () => {
    const { written, stream } = terminal();
    const progress = await createProgress(stream, false);
    progress.update('redriving', { done: 1, total: 2 });
    progress.interrupt(() => written.push('RESULT\n'));
    progress.stop();
    expect(written).toEqual(['RESULT\n']);
  });
});

describe('the bulk confirmation list', () => {
  const check = (n: number, redrivable = true) => ({
    executionArn: `${arn}-${n}`,
    name: `job-${n}`,
    status: redrivable ? 'FAILED' : 'SUCCEEDED',
    redrivable,
    redriveCount: 0,
  });
  const formatRedriveList = plain(render.formatRedriveList);

  it('lists the executions it will redrive, not the others', () => {
    expect(formatRedriveList([check(1), check(2, false), check(3)]).split('\n')).toEqual([
      '  job-1  FAILED',
      '  job-3  FAILED',
    ]);
  });

  it('shows the first ten and counts the rest', () => {
    const lines = formatRedriveList(Array.from({ length: 25 }, (_, i) => check(i + 1))).split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[9]).toBe('  job-10  FAILED');
    expect(lines[10]).toBe('  … and 15 more (run it with --dry-run to list them all)');
  });
});
