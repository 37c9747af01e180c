// Watch polling cost. Builds executions with ~10,000 and ~10 history events on a real engine,
// then measures the poll that finds 3 new events: it must be ONE GetExecutionHistory call, and
// take about as long on the long history as on the short one (target: ratio <= 1.5). Then runs
// the real `taskctl watch --json` on an execution at the 25,000-event history limit (24,998
// events) and reports its peak RSS (target: < 150 MB). Needs `npm run build` first (it drives dist/).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { GetExecutionHistoryCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { StepFunctions } from '../dist/lib/sdk/clients.js';
import { HistoryPoller } from '../dist/lib/watch/poller.js';
import { cli, createStateMachine, median, report, sfnClient, startEngine } from './support.js';

const REPETITIONS = Number(process.env.BENCH_REPETITIONS ?? 300);
const RATIO_TARGET = 1.5;
const RSS_TARGET_MB = 150;

// Init, then a Pass/Choice loop (4 events a round) until $.i reaches $.n, then Park: a Wait
// that keeps the execution RUNNING, or Done when $.finish is set.
const definition = {
  StartAt: 'Init',
  States: {
    Init: { Type: 'Pass', Next: 'Inc' },
    Inc: {
      Type: 'Pass',
      Parameters: { 'i.$': 'States.MathAdd($.i, 1)', 'n.$': '$.n', 'finish.$': '$.finish' },
      Next: 'Check',
    },
    Check: {
      Type: 'Choice',
      Choices: [
        { Variable: '$.i', NumericLessThanPath: '$.n', Next: 'Inc' },
        { Variable: '$.finish', BooleanEquals: true, Next: 'Done' },
      ],
      Default: 'Park',
    },
    Park: { Type: 'Wait', Seconds: 864000, End: true },
    Done: { Type: 'Succeed' },
  },
};
// ExecutionStarted + Init (2) + 4 per round + WaitStateEntered (Park) or 3 (Done + ExecutionSucceeded).
// Rounded down: a history may not exceed AWS's 25,000 events (the engine fails it there).
const roundsFor = (events, finish) => Math.floor((events - (finish ? 6 : 4)) / 4);

const engine = await startEngine();
const scratch = mkdtempSync(join(tmpdir(), 'taskctl-bench-watch-'));
try {
  const sdk = sfnClient(engine.url);
  let calls = 0;
  sdk.middlewareStack.add((next) => (args) => (calls++, next(args)), {
    step: 'initialize',
    name: 'countCalls',
  });
  const stateMachineArn = await createStateMachine(sdk, 'bench-watch', definition);
  const start = async (name, events, finish) => {
    const { executionArn } = await sdk.send(
      new StartExecutionCommand({
        stateMachineArn,
        name,
        input: JSON.stringify({ i: 0, n: roundsFor(events, finish), finish }),
      }),
    );
    return executionArn;
  };
  const settled = async (executionArn, lastType) => {
    for (;;) {
      const { events } = await sdk.send(
        new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }),
      );
      if (events?.[0]?.type === lastType) return events[0].id;
      if (/^Execution(Failed|TimedOut|Aborted)$/.test(events?.[0]?.type ?? '')) {
        throw new Error(`${executionArn} ended ${events[0].type} while being built`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const built = performance.now();
  const long = await start('long', 10_000, false);
  const short = await start('short', 12, false);
  const huge = await start('huge', 25_000, true);
  const ids = {
    long: await settled(long, 'WaitStateEntered'),
    short: await settled(short, 'WaitStateEntered'),
  };
  const hugeEvents = await settled(huge, 'ExecutionSucceeded');
  console.log(
    `built executions with ${ids.long}, ${ids.short} and ${hugeEvents} events in ${((performance.now() - built) / 1000).toFixed(1)} s`,
  );

  // The poll under test goes through the real SDK wrapper, as `taskctl watch` does.
  const target = {
    kind: 'endpoint',
    url: engine.url,
    logsUrl: engine.url,
    region: 'us-east-1',
    credentials: 'dummy',
    source: 'bench',
  };
  const service = new StepFunctions(target, sdk, {});
  const pollers = { long: new HistoryPoller(service, long), short: new HistoryPoller(service, short) };
  for (const poller of Object.values(pollers)) await poller.poll(); // the first, full read

  const times = { long: [], short: [] };
  const callsPerPoll = new Set();
  for (let rep = 0; rep < REPETITIONS; rep++) {
    for (const which of rep % 2 ? ['long', 'short'] : ['short', 'long']) {
      const poller = pollers[which];
      poller.resumeAfter(ids[which] - 3); // as if the last 3 events had just been added
      calls = 0;
      const t0 = performance.now();
      const fresh = await poller.poll();
      times[which].push(performance.now() - t0);
      callsPerPoll.add(calls);
      if (fresh.length !== 3) throw new Error(`${which}: the poll found ${fresh.length} events, not 3`);
    }
  }
  const [longMs, shortMs] = [median(times.long), median(times.short)];
  const oneCall = callsPerPoll.size === 1 && callsPerPoll.has(1);
  console.log(
    `poll finding 3 new events: ${longMs.toFixed(3)} ms on ${ids.long} events, ${shortMs.toFixed(3)} ms on ${ids.short} events (median of ${REPETITIONS})`,
  );
  report('GetExecutionHistory calls per poll', [...callsPerPoll].join(','), 'call(s)', '= 1', oneCall);
  const ratio = longMs / shortMs;
  report(
    `poll time ${ids.long}/${ids.short} events`,
    ratio.toFixed(2),
    '×',
    `<= ${RATIO_TARGET}`,
    ratio <= RATIO_TARGET,
  );

  // Peak RSS of the real CLI streaming the 25,000-event history as NDJSON.
  const hook = join(scratch, 'max-rss.mjs');
  writeFileSync(
    hook,
    "process.on('exit', () => process.stderr.write(`\\nmaxRSS ${process.resourceUsage().maxRSS}\\n`));\n",
  );
  const child = spawn(
    process.execPath,
    ['--import', pathToFileURL(hook).href, cli, 'watch', huge, '--json'],
    {
      env: { ...process.env, TASKCTL_ENDPOINT: engine.url, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let lines = 0;
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    for (const byte of chunk) if (byte === 10) lines++;
  });
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const watched = performance.now();
  const code = await new Promise((resolve) => child.once('close', resolve));
  const maxRss = Number(/maxRSS (\d+)/.exec(stderr)?.[1] ?? NaN) / 1024;
  console.log(
    `taskctl watch --json: ${lines} NDJSON lines in ${((performance.now() - watched) / 1000).toFixed(2)} s, exit ${code}`,
  );
  report(
    `taskctl watch --json peak RSS (${hugeEvents} events)`,
    maxRss.toFixed(1),
    'MB',
    `< ${RSS_TARGET_MB}`,
    maxRss < RSS_TARGET_MB && code === 0 && lines === hugeEvents,
  );
  sdk.destroy();
} finally {
  rmSync(scratch, { recursive: true, force: true });
  await engine.stop();
}
