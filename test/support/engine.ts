import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { BIN, ROOT, cleanEnv } from './cli.js';

// A real local engine (`taskctl dev --port 0`) on a temp data dir, for end-to-end tests.

export interface TestEngine {
  url: string;
  port: number;
  dataDir: string;
  /** The --handlers dir, if any: a test may write a fixed handler into it (picked up without a restart). */
  handlersDir?: string;
  /** Environment that points the CLI (and nothing else) at this engine. */
  env: Record<string, string>;
  stop(): Promise<void>;
  /** SIGKILL, as a crash would: nothing is flushed or closed, and the data dir is kept. */
  crash(): Promise<void>;
  /** Whether the process has ended (stopped, crashed, or on its own). */
  exited(): boolean;
}

export interface TestEngineOptions {
  speed?: number;
  handlersDir?: string;
  /** Handler files (name → source) written to a temp dir of their own, removed on stop. */
  handlers?: Record<string, string>;
  /** Reuse this data dir (the caller removes it); by default a fresh temp dir removed on stop. */
  dataDir?: string;
  /** Seconds the engine's clock runs ahead of real time (ages executions). */
  clockOffsetSeconds?: number;
  /** Listen on this port (default 0: an ephemeral one). */
  port?: number;
  /** `dev --fault` rules (e.g. ['throttle=0.2,error=0.01']) and the seed of their draws. */
  faults?: string[];
  faultSeed?: number;
}

const LISTENING = /taskctl engine listening on (http:\/\/[^\s]+):(\d+) \(data: (.+)\)/;
const running = new Set<ChildProcess>();
// Never leave an engine behind, even when the test run itself dies.
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

export async function startTestEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
  const ownsDataDir = options.dataDir === undefined;
  const handlersDir = options.handlers ? writeHandlers(options.handlers) : options.handlersDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'taskctl-engine-'));
  const args = [BIN, 'dev', '--port', String(options.port ?? 0), '--data-dir', dataDir];
  if (options.speed) args.push('--speed', String(options.speed));
  if (handlersDir) args.push('--handlers', handlersDir);
  if (options.clockOffsetSeconds) args.push('--clock-offset', String(options.clockOffsetSeconds));
  for (const rule of options.faults ?? []) args.push('--fault', rule);
  if (options.faultSeed !== undefined) args.push('--fault-seed', String(options.faultSeed));
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: cleanEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    running.delete(child);
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    if (options.handlers) rmSync(handlersDir!, { recursive: true, force: true });
  };

  const crash = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGKILL');
      await exited;
    }
    running.delete(child);
  };

  try {
    const { url, port } = await new Promise<{ url: string; port: number }>((resolve, reject) => {
      let stderr = '';
      const timer = setTimeout(
        () => reject(new Error(`engine did not start within 15s:\n${stderr}`)),
        15_000,
      );
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const match = LISTENING.exec(stderr);
        if (match) {
          clearTimeout(timer);
          resolve({ url: `${match[1]}:${match[2]}`, port: Number(match[2]) });
        }
      });
      child.once('exit', (code) =>
        reject(new Error(`engine exited with ${code} before listening:\n${stderr}`)),
      );
    });
    const exited = () => child.exitCode !== null || child.signalCode !== null;
    return {
      url,
      port,
      dataDir,
      handlersDir,
      env: { TASKCTL_ENDPOINT: url, TASKCTL_DATA_DIR: dataDir },
      stop,
      crash,
      exited,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Starts an engine before the file's tests and always stops it after them. */
export function useTestEngine(options: TestEngineOptions = {}): () => TestEngine {
  let engine: TestEngine | undefined;
  beforeAll(async () => {
    engine = await startTestEngine(options);
  }, 20_000);
  afterAll(async () => {
    await engine?.stop();
  });
  return () => {
    if (!engine) throw new Error('the test engine did not start');
    return engine;
  };
}

/**
 * An engine whose data dir (and handlers, written to a dir of their own) outlive restarts and
 * crashes within one test file; everything is stopped and removed after the file's tests.
 */
export function useRestartableEngine(
  options: {
    handlers?: Record<string, string>;
    speed?: number;
    /** Restart on the port the first start got, so clients keep their endpoint URL. */
    samePort?: boolean;
  } = {},
): {
  start(extra?: Pick<TestEngineOptions, 'clockOffsetSeconds'>): Promise<TestEngine>;
  /** The engine running now, started if none is: for tests that need no restart of their own. */
  running(): Promise<TestEngine>;
  crashAndRestart(): Promise<TestEngine>;
} {
  const dataDir = mkdtempSync(join(tmpdir(), 'taskctl-restartable-'));
  const handlersDir = options.handlers ? writeHandlers(options.handlers) : undefined;
  let engine: TestEngine | undefined;
  afterAll(async () => {
    await engine?.stop();
    for (const dir of [dataDir, handlersDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });
  const start = async (extra: Pick<TestEngineOptions, 'clockOffsetSeconds'> = {}) => {
    const port = options.samePort ? engine?.port : undefined;
    await engine?.stop();
    engine = await startTestEngine({ dataDir, handlersDir, speed: options.speed, port, ...extra });
    return engine;
  };
  return {
    start,
    async running() {
      return engine && !engine.exited() ? engine : start();
    },
    async crashAndRestart() {
      const port = options.samePort ? engine?.port : undefined;
      await engine?.crash();
      engine = await startTestEngine({ dataDir, handlersDir, speed: options.speed, port });
      return engine;
    },
  };
}

/** A temp dir holding `handlers` (file name → source), for `taskctl dev --handlers`. */
function writeHandlers(handlers: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'taskctl-handlers-'));
  for (const [file, source] of Object.entries(handlers)) writeFileSync(join(dir, file), source);
  return dir;
}
