/* eslint-disable no-control-regex -- these tests read terminal escape sequences */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { beforeAll, describe, expect, it } from 'vitest';
import { Pacer } from '../../../src/lib/pace.js';
import { runWatch } from '../../../src/lib/runners/watch.js';
import { WatchSession, type WatchService } from '../../../src/lib/watch/session.js';
import { useTestEngine } from '../../support/engine.js';
import { deployBundledWorkflow } from '../../support/sdk.js';
import { countingService } from './support.js';

// The live (TTY) view through the same code path `taskctl watch` uses, rendered to a fake
// terminal, and the session riding out throttling. Real engine, real SDK.

const engine = useTestEngine({ speed: 50 });

/** A stdout that says it is a terminal and records what is written. */
function fakeTty(columns = 140, rows = 60) {
  const chunks: string[] = [];
  return {
    chunks,
    stream: { isTTY: true, columns, rows, write: (chunk: string) => (chunks.push(chunk), true) },
  };
}

/**
 * Replays terminal output on a screen model: text overwrites from the cursor; \r and CSI G go
 * to column 0, \n to the next line; CSI n A / n B move up / down; CSI 2K clears the line, CSI K
 * its rest, CSI 0J everything below. Other sequences (colours, cursor visibility) are ignored.
 */
function screen(output: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  const tokens = output.match(/\u001B\[[0-9;?]*[A-Za-z]|\r|\n|[^\u001B\r\n]+/g) ?? [];
  for (const token of tokens) {
    const csi = /^\u001B\[(\d*)([A-Za-z])$/.exec(token);
    const count = Number(csi?.[1] || 1);
    if (token === '\n') {
      row++;
      col = 0;
      while (lines.length <= row) lines.push('');
    } else if (token === '\r' || csi?.[2] === 'G') col = 0;
    else if (csi?.[2] === 'A') row = Math.max(0, row - count);
    else if (csi?.[2] === 'B') {
      row += count;
      while (lines.length <= row) lines.push('');
    } else if (token === '\u001B[2K') lines[row] = '';
    else if (csi?.[2] === 'K') lines[row] = lines[row].slice(0, col);
    else if (token === '\u001B[0J') {
      lines.length = row + 1;
      lines[row] = lines[row].slice(0, col);
    } else if (!token.startsWith('\u001B')) {
      const line = lines[row].padEnd(col);
      lines[row] = line.slice(0, col) + token + line.slice(col + token.length);
      col += token.length;
    }
  }
  return lines;
}

/** The screen after each write: what the user saw, frame by frame. */
const screens = (chunks: readonly string[]): string[][] =>
  chunks.map((_, i) => screen(chunks.slice(0, i + 1).join('')));

let workflow: string;
beforeAll(async () => {
  workflow = await deployBundledWorkflow(countingService(engine().url).sdk);
});

async function start(name: string, task: object): Promise<string> {
  const { sdk } = countingService(engine().url);
  const started = await sdk.send(
    new StartExecutionCommand({ stateMachineArn: workflow, name, input: JSON.stringify(task) }),
  );
  return started.executionArn!;
}

describe('live view', () => {
  it('redraws a per-state table in place, ending with retries 2 and both errors', async () => {
    const arn = await start('live-1', {
      durationSeconds: 3,
      pollSeconds: 1,
      transientFailures: { CheckTaskStatus: 2 },
    });
    const { service } = countingService(engine().url);
    const tty = fakeTty();
    const outcome = await runWatch({ service, executionArns: [arn], mode: 'live', out: tty.stream });
    expect(outcome.exitCode).toBe(0);

    const output = tty.chunks.join('');
    const redraws = tty.chunks.filter((chunk) => /\u001B\[\d+A/.test(chunk));
    expect(redraws.length).toBeGreaterThan(2);
    expect(output.startsWith('\u001B[?25l')).toBe(true); // cursor hidden while drawing
    expect(output.endsWith('\u001B[?25h')).toBe(true); // and shown again

    // Each redraw moves up exactly over the frame before it: the screen never grows.
    const final = screen(output).filter((line) => line !== '');
    expect(final.length).toBeLessThan(20);
    expect(final.filter((line) => line.includes('STATE')).length).toBe(1);
    const check = final.find((line) => line.startsWith('CheckTaskStatus'))!;
    // STATE STATUS VISITS ATTEMPTS RETRIES …
    expect(check.split(/\s{2,}/).slice(0, 5)).toEqual(['CheckTaskStatus', 'SUCCEEDED', '3', '5', '2']);
    expect(final.join('\n')).toMatch(/CheckTaskStatus attempt 1: TransientError .*failure 1 of 2/);
    expect(final.join('\n')).toMatch(/CheckTaskStatus attempt 2: TransientError .*failure 2 of 2/);
    expect(final.at(-1)).toMatch(/✔ live-1 SUCCEEDED in /);

    // While running, the screen showed the spinner line and the table, never two tables.
    const running = screens(tty.chunks).filter((lines) =>
      lines.some((line) => /watching live-1 \(RUNNING\)/.test(line)),
    );
    const tables = running.map((lines) => lines.filter((line) => line.includes('RETRIES')).length);
    expect(tables).toContain(1);
    expect(Math.max(...tables)).toBe(1);
  });

  it('cuts lines at the terminal width instead of letting them wrap', async () => {
    const arn = await start('live-narrow', { durationSeconds: 0, transientFailures: { CreateTask: 1 } });
    const { service } = countingService(engine().url);
    const tty = fakeTty(40, 60);
    await runWatch({ service, executionArns: [arn], mode: 'live', out: tty.stream });
    // The live frames: all but the last two writes (the final summary, which stays in the
    // scrollback and may wrap, and the cursor shown again).
    const seen = screens(tty.chunks.slice(0, -2));
    expect(seen.some((lines) => lines.some((line) => line.includes('CreateTask')))).toBe(true);
    const widths = seen.flatMap((lines) => lines.map((line) => [...line].length));
    expect(Math.max(...widths)).toBeLessThanOrEqual(39);
  });
});

describe('WatchSession under throttling', () => {
  it('slows down and keeps going when GetExecutionHistory is throttled', async () => {
    const arn = await start('throttled', { durationSeconds: 2, pollSeconds: 1 });
    const { service: real } = countingService(engine().url);
    let calls = 0;
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400, attempts: 3 },
    });
    const service: WatchService = {
      executionHistoryPages: (request) => real.executionHistoryPages(request),
      getExecutionHistoryPage: async (request) => {
        // The AWS-side quota the local engine does not enforce: the 2nd and 3rd polls are refused.
        if (++calls === 2 || calls === 3) throw throttled;
        return real.getExecutionHistoryPage(request);
      },
      describeStateMachineForExecution: (executionArn) => real.describeStateMachineForExecution(executionArn),
      listExecutionsPage: (input) => real.listExecutionsPage(input),
    };
    const budget = new Pacer({ ratePerSecond: 10 });
    const rates: number[] = [];
    const slowDown = budget.slowDown.bind(budget);
    budget.slowDown = () => {
      slowDown();
      rates.push(budget.ratePerSecond);
    };
    const warnings: string[] = [];
    const session = new WatchSession({
      service,
      budget,
      backoff: { initialMs: 20, maxMs: 100 },
      onWarning: (message) => warnings.push(message),
    });
    const tracker = session.add(arn);
    await session.run();
    expect(tracker.status).toBe('SUCCEEDED');
    // Halved once: the second refusal came within the same second, the same signal (see Pacer).
    expect(rates).toEqual([5, 5]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/throttled: Rate exceeded; polling more slowly/);
    expect(session.exitCode).toBe(0);
  });
});
