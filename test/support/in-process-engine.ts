import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startEngine, type EngineOptions, type RunningEngine } from '../../src/engine/index.js';

// The engine in the test's own process, over HTTP on an ephemeral port: for the engine's API tests,
// which need no process of its own and may set what `taskctl dev` has no flag for (a body timeout).
// Tests of the process itself (its exit, its signals, its output) and of the CLI against it use
// test/support/engine.ts.

/** Starts the engine on a temp data dir before the file's tests; closes it and removes the dir after. */
export function useInProcessEngine(
  options: Partial<EngineOptions> = {},
): () => RunningEngine & { dataDir: string } {
  let engine: (RunningEngine & { dataDir: string }) | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'taskctl-in-process-'));
  beforeAll(async () => {
    const started = await startEngine({ port: 0, host: '127.0.0.1', dataDir, speed: 1, ...options });
    engine = Object.assign(started, { dataDir });
  });
  afterAll(async () => {
    await engine?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return () => {
    if (!engine) throw new Error('the in-process engine did not start');
    return engine;
  };
}
