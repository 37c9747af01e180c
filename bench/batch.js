// Batch submission rate: `taskctl submit --batch` of 10,000 lines into a real engine process, at
// the default settings (no --rate, no --concurrency), measured from spawning the CLI to its exit.
// Target: >= 1,000 submissions/s. The state machine is one Wait of an hour: each start is
// accepted and parked, so the engine is not also busy running executions to completion and the
// figure is about submission. Needs `npm run build` first (it drives dist/ and bin/).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { cli, createStateMachine, report, sfnClient, startEngine } from './support.js';

const LINES = Number(process.env.BENCH_LINES ?? 10_000);
const TARGET = 1000;
const definition = { StartAt: 'Park', States: { Park: { Type: 'Wait', Seconds: 3600, End: true } } };

const engine = await startEngine();
const scratch = mkdtempSync(join(tmpdir(), 'taskctl-bench-batch-'));
try {
  const sfn = sfnClient(engine.url);
  const stateMachineArn = await createStateMachine(sfn, 'bench-batch', definition);
  const file = join(scratch, 'tasks.ndjson');
  writeFileSync(
    file,
    Array.from({ length: LINES }, (_, i) => JSON.stringify({ taskId: `t-${i}`, n: i })).join('\n') + '\n',
  );

  const started = performance.now();
  const { code, results, stderr } = await new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        cli,
        'submit',
        '--batch',
        file,
        '--state-machine',
        'bench-batch',
        ...(process.env.BENCH_ARGS ?? '').split(' ').filter(Boolean),
      ],
      {
        env: { ...process.env, TASKCTL_ENDPOINT: engine.url, AWS_REGION: '', AWS_PROFILE: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let lines = 0;
    let err = '';
    child.stdout.on('data', (chunk) => {
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    });
    child.stderr.on('data', (chunk) => (err += chunk));
    child.once('error', reject);
    child.once('exit', (exitCode) => resolve({ code: exitCode, results: lines, stderr: err }));
  });
  const seconds = (performance.now() - started) / 1000;
  if (code !== 0 || results !== LINES) {
    throw new Error(`submit --batch exited ${code} with ${results} result lines:\n${stderr}`);
  }
  let executions = 0;
  let nextToken;
  do {
    const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 1000, nextToken }));
    executions += page.executions.length;
    nextToken = page.nextToken;
  } while (nextToken);
  if (executions !== LINES) throw new Error(`${executions} executions for ${LINES} lines`);

  const perSecond = Math.round(LINES / seconds);
  console.log(
    `${LINES} lines submitted in ${seconds.toFixed(2)} s (CLI start to exit), ${executions} executions`,
  );
  report('batch submission', perSecond, 'submissions/s', `>= ${TARGET}`, perSecond >= TARGET);
} finally {
  rmSync(scratch, { recursive: true, force: true });
  await engine.stop();
}
