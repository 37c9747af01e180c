// Shared by the benchmarks: start a real engine process on an ephemeral port and stop it, and
// talk to it with the AWS SDK.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { withoutNodeVersionWarning } from '../dist/lib/sdk/quiet.js';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const cli = join(root, 'bin', 'run.js');

export async function startEngine(extraArgs = []) {
  const dataDir = mkdtempSync(join(tmpdir(), 'taskctl-bench-'));
  const child = spawn(process.execPath, [cli, 'dev', '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`engine exited with ${code}: ${stderr}`)));
  });
  child.stderr.resume();
  return {
    url,
    dataDir,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Prints one benchmark figure beside its target, and whether it meets it. */
export function report(name, figure, unit, target, meets) {
  console.log(`${name}: ${figure} ${unit} (target ${target}) ${meets ? 'MEETS' : 'MISSES'} target`);
}

/**
 * Prints a time as a multiple of a baseline beside the target multiple, e.g.
 * `taskctl --version: 0.121 s = 1.78× node (target ≤ 2.0×) MEETS`.
 */
export function reportRatio(name, seconds, baselineSeconds, baselineName, target) {
  const ratio = seconds / baselineSeconds;
  const verdict = ratio <= target ? 'MEETS' : 'MISSES';
  console.log(
    `${name}: ${seconds.toFixed(3)} s = ${ratio.toFixed(2)}× ${baselineName} (target ≤ ${target.toFixed(1)}×) ${verdict}`,
  );
}

/** An SDK client of the engine (placeholder credentials: the engine does not check them). */
export const sfnClient = (url) =>
  withoutNodeVersionWarning(
    () =>
      new SFNClient({
        endpoint: url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      }),
  );

/** Creates state machine NAME with `definition` and returns its ARN. */
export async function createStateMachine(sfn, name, definition) {
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({
      name,
      definition: JSON.stringify(definition),
      roleArn: 'arn:aws:iam::123456789012:role/bench',
    }),
  );
  return stateMachineArn;
}
