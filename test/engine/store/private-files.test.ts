import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../../src/engine/index.js';
import { writeEngineRecord } from '../../../src/lib/engine-record.js';
import { createMachine, sfnClient } from '../../support/sdk.js';

// The data directory holds every execution's input: 0700, and its files 0600, whatever the umask
// and whatever an older engine left behind.

const modeOf = (path: string) => statSync(path).mode & 0o777;

/** Every file and directory directly in `dir`, with its mode. */
function modes(dir: string): Record<string, string> {
  const found: Record<string, string> = { '.': modeOf(dir).toString(8) };
  for (const name of readdirSync(dir)) found[name] = modeOf(join(dir, name)).toString(8);
  return found;
}

describe('the data directory', () => {
  let engine: RunningEngine | undefined;
  let root: string | undefined;
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
    if (root) rmSync(root, { recursive: true, force: true });
  });

  async function writeSomething(url: string) {
    const sfn = sfnClient(url);
    const machine = await createMachine(sfn, 'private', {
      StartAt: 'P',
      States: { P: { Type: 'Pass', End: true } },
    });
    await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{"secret":1}' }));
  }

  it('is created 0700 with its database, WAL and SHM 0600 under a permissive umask', async () => {
    root = mkdtempSync(join(tmpdir(), 'taskctl-private-'));
    const dataDir = join(root, 'data');
    const umask = process.umask(0o000);
    try {
      engine = await startEngine({ port: 0, host: '127.0.0.1', dataDir, speed: 1 });
      await writeSomething(engine.url);
    } finally {
      process.umask(umask);
    }
    expect(modes(dataDir)).toEqual({
      '.': '700',
      'engine.db': '600',
      'engine.db-wal': '600',
      'engine.db-shm': '600',
      // The data-dir lock: SQLite's exclusive lock on its own database, held while the engine runs.
      'engine.lock': '600',
      'engine.lock-journal': '600',
    });
  });

  it('is closed up on start when an older engine left it and its files readable', async () => {
    root = mkdtempSync(join(tmpdir(), 'taskctl-private-'));
    const dataDir = join(root, 'data');
    engine = await startEngine({ port: 0, host: '127.0.0.1', dataDir, speed: 1 });
    await writeSomething(engine.url);
    await engine.close();
    engine = undefined;
    // As an older taskctl left them.
    chmodSync(dataDir, 0o755);
    for (const name of readdirSync(dataDir)) chmodSync(join(dataDir, name), 0o644);
    writeFileSync(join(dataDir, 'engine.log'), 'old log\n', { mode: 0o644 });
    mkdirSync(join(dataDir, 'lambda-code'), { mode: 0o755 });
    chmodSync(join(dataDir, 'lambda-code'), 0o755);

    engine = await startEngine({ port: 0, host: '127.0.0.1', dataDir, speed: 1 });
    await writeSomething(engine.url);
    const found = modes(dataDir);
    expect(found).toMatchObject({
      '.': '700',
      'engine.db': '600',
      'engine.log': '600',
      'lambda-code': '700',
    });
    for (const [name, mode] of Object.entries(found)) {
      expect(mode, name).toBe(name === '.' || name === 'lambda-code' ? '700' : '600');
    }
  });

  it('gets its engine.json written 0600, even over an older readable one', () => {
    root = mkdtempSync(join(tmpdir(), 'taskctl-private-'));
    const file = join(root, 'engine.json');
    writeFileSync(file, '{}', { mode: 0o644 });
    chmodSync(file, 0o644);
    writeEngineRecord({
      id: 'engine-id',
      pid: 1,
      url: 'http://127.0.0.1:1',
      port: 1,
      host: '127.0.0.1',
      dataDir: root,
      startedAt: '',
    });
    expect(modeOf(file).toString(8)).toBe('600');
  });
});
