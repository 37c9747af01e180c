// CLI startup: whole-process wall time of the common invocations, as a multiple of bare
// `node -e 0` measured in the same run. Runs are interleaved (A B C D A B C D …) after a
// warm-up so that machine noise hits every case alike; the figure is the median.
// Target: each taskctl invocation ≤ 2.0× bare node.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cli, median, reportRatio, root, startEngine } from './support.js';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 15);
const WARMUP = 2;
const TARGET = 2.0;

/** The host's environment minus anything that would change the target or the output. */
function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(AWS_|TASKCTL_|DEBUG$|FORCE_COLOR$|NODE_OPTIONS$|NODE_ENV$)/.test(key)) env[key] = value;
  }
  return { ...env, ...extra };
}

function run(args, env) {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8', stdio: 'pipe' });
  const seconds = (performance.now() - started) / 1000;
  if (result.error) throw result.error;
  return { seconds, code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectResult(name, result, code, check) {
  if (result.code !== code || !check(result)) {
    throw new Error(
      `${name}: unexpected result (exit ${result.code}, expected ${code})\n` +
        `stdout: ${result.stdout}\nstderr: ${result.stderr}`,
    );
  }
}

const cacheHome = mkdtempSync(join(tmpdir(), 'taskctl-bench-cache-'));
const engine = await startEngine();
try {
  // A compile cache of its own, filled by the warm-up runs.
  const env = cleanEnv({ TASKCTL_ENDPOINT: engine.url, XDG_CACHE_HOME: cacheHome });
  const deployed = run([cli, 'deploy'], env);
  expectResult('taskctl deploy', deployed, 0, (r) => r.stdout.includes(':stateMachine:taskctl-tasks'));

  const cases = [
    { name: 'node -e 0', args: ['-e', '0'], code: 0, check: () => true },
    {
      name: 'taskctl --version',
      args: [cli, '--version'],
      code: 0,
      check: (r) => /^taskctl\/\d+\.\d+\.\d+ \S+-\S+ node-v\d/.test(r.stdout),
    },
    {
      name: 'taskctl --help',
      args: [cli, '--help'],
      code: 0,
      check: (r) => /^COMMANDS$/m.test(r.stdout) && /^ {2}describe /m.test(r.stdout),
    },
    {
      // The real path: parse, resolve the target, load the SDK, one HTTP call, error mapping.
      name: 'taskctl describe (not found)',
      args: [cli, 'describe', 'no-such-execution'],
      code: 2,
      check: (r) =>
        r.stderr.includes('execution "no-such-execution" not found in state machine taskctl-tasks'),
    },
    {
      // The same without the compile cache: what the first run after an install costs.
      name: 'taskctl describe (not found, compile cache off)',
      args: [cli, 'describe', 'no-such-execution'],
      env: { TASKCTL_COMPILE_CACHE: '0' },
      code: 2,
      check: (r) => r.stderr.includes('not found in state machine taskctl-tasks'),
    },
  ];

  const times = cases.map(() => []);
  for (let round = 0; round < WARMUP + RUNS; round++) {
    cases.forEach((c, i) => {
      const result = run(c.args, { ...env, ...c.env });
      expectResult(c.name, result, c.code, c.check);
      if (round >= WARMUP) times[i].push(result.seconds);
    });
  }

  const node = median(times[0]);
  console.log(`node -e 0: ${node.toFixed(3)} s (baseline, median of ${RUNS} interleaved runs)`);
  cases.slice(1).forEach((c, i) => {
    reportRatio(c.name, median(times[i + 1]), node, 'node', TARGET);
  });
} finally {
  await engine.stop();
  rmSync(cacheHome, { recursive: true, force: true });
}
