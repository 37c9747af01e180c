import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DataDirLockedError, startEngine, type RunningEngine } from '../../src/engine/index.js';
import { askEngine } from '../../src/lib/engine-record.js';
import { sfnClient } from '../support/sdk.js';

// The engine owns its data directory: one engine at a time holds it, it says who it is over HTTP,
// and it stops accepting requests when the directory is deleted or replaced under it.

describe('the engine and its data directory', () => {
  const engines: RunningEngine[] = [];
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'taskctl-datadir-'));
    dirs.push(dir);
    return dir;
  };
  const start = async (dataDir: string, extra: { dataDirCheckIntervalMs?: number } = {}) => {
    const engine = await startEngine({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      speed: 1,
      version: '9.9.9',
      ...extra,
    });
    engines.push(engine);
    return engine;
  };
  afterEach(async () => {
    for (const engine of engines.splice(0)) await engine.close().catch(() => undefined);
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  it('answers who it is at the path the CLI asks', async () => {
    // Both sides take the path from src/contract; this real request is what shows they meet.
    const dataDir = tempDir();
    const engine = await start(dataDir);
    const answer = await askEngine(engine.url);
    expect(answer).toEqual({
      kind: 'info',
      info: { id: engine.id, dataDir, pid: process.pid, version: '9.9.9' },
    });
  });

  it('refuses a second engine on the same data directory until the first has closed', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    await expect(start(dataDir)).rejects.toBeInstanceOf(DataDirLockedError);
    // Another directory is another engine's.
    await start(tempDir());
    await first.close();
    const second = await start(dataDir);
    expect(second.id).not.toBe(first.id);
  });

  it.each([
    ['deleted', (dir: string) => rmSync(dir, { recursive: true, force: true })],
    [
      'replaced',
      (dir: string) => {
        renameSync(dir, `${dir}.old`);
        dirs.push(`${dir}.old`);
        mkdirSync(dir);
      },
    ],
  ])('refuses every request with ServiceUnavailable once its data directory is %s', async (how, change) => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const dataDir = tempDir();
    // No periodic check: the check before each request must catch it by itself.
    const engine = await start(dataDir, { dataDirCheckIntervalMs: 60_000 });
    const sfn = sfnClient(engine.url);
    await sfn.send(new ListStateMachinesCommand({}));
    change(dataDir);
    const refusal = await sfn.send(new ListStateMachinesCommand({})).catch((e: unknown) => e);
    expect(refusal).toMatchObject({
      name: 'ServiceUnavailable',
      message: `The engine stopped accepting requests: its data directory ${dataDir} was ${how}; start it again with: taskctl dev`,
      $metadata: { httpStatusCode: 503 },
    });
    await expect(engine.dataDirLost).resolves.toMatchObject({
      message: `its data directory ${dataDir} was ${how}`,
    });
    expect(logged).toHaveBeenCalledWith(
      `taskctl engine: stopped accepting requests: its data directory ${dataDir} was ${how}`,
    );
    // It says so to every client, and the directory's new owner may start at once.
    expect(await askEngine(engine.url)).toMatchObject({ kind: 'none' });
    if (how === 'replaced') await start(dataDir);
  });

  it('notices a deleted database by itself, without a request', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const dataDir = tempDir();
    const engine = await start(dataDir, { dataDirCheckIntervalMs: 20 });
    rmSync(join(dataDir, 'engine.db'));
    await expect(engine.dataDirLost).resolves.toMatchObject({
      message: `its database ${join(dataDir, 'engine.db')} was deleted`,
    });
  });
});
