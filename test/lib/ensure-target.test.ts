import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureTarget } from '../../src/lib/ensure-target.js';
import { readEngineRecord } from '../../src/lib/engine-record.js';
import { isProcessAlive, waitForProcessExit } from '../../src/lib/local-engine.js';
import { isPortOpen } from '../../src/lib/port-probe.js';
import { localTarget, resolveTarget } from '../../src/lib/target.js';
import { startTestEngine } from '../support/engine.js';

// ensureTarget starts the local engine (the built CLI's `taskctl dev`) only when nothing answers.

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

describe('ensureTarget', () => {
  it('leaves AWS and other endpoints alone, even when they refuse connections', async () => {
    let starts = 0;
    for (const target of [
      resolveTarget({ endpoint: `http://127.0.0.1:${await freePort()}` }, {}),
      resolveTarget({ region: 'eu-west-1' }, {}),
    ]) {
      await ensureTarget(target, { onStart: () => starts++ });
    }
    expect(starts).toBe(0);
  });

  it('starts nothing when something already answers on the local port', async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const dataDir = mkdtempSync(join(tmpdir(), 'taskctl-ensure-'));
    const target = localTarget({
      TASKCTL_PORT: String((server.address() as AddressInfo).port),
      TASKCTL_DATA_DIR: dataDir,
    });
    let starts = 0;
    try {
      await ensureTarget(target, { onStart: () => starts++ });
    } finally {
      await new Promise((done) => server.close(done));
    }
    expect(starts).toBe(0);
    expect(readEngineRecord(dataDir)).toBeUndefined();
  });

  it('starts the local engine in the background when nothing answers, and returns once it does', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'taskctl-ensure-'));
    const target = localTarget({ TASKCTL_PORT: String(await freePort()), TASKCTL_DATA_DIR: dataDir });
    let starts = 0;
    await ensureTarget(target, { onStart: () => starts++ });
    // The engine answers as soon as it listens and writes engine.json a moment later.
    let record = readEngineRecord(dataDir);
    for (let waited = 0; !record && waited < 5_000; waited += 50) {
      await new Promise((done) => setTimeout(done, 50));
      record = readEngineRecord(dataDir);
    }
    try {
      expect(starts).toBe(1);
      expect(await isPortOpen(target.host, target.port)).toBe(true);
      expect(record).toMatchObject({ port: target.port, dataDir });
      expect(isProcessAlive(record!.pid)).toBe(true);
    } finally {
      if (record) {
        process.kill(record.pid, 'SIGTERM');
        await waitForProcessExit(record.pid, 10_000);
      }
    }
  }, 30_000);

  it('names the engine of the data directory when it runs on another port, and starts nothing', async () => {
    const engine = await startTestEngine();
    const target = localTarget({ TASKCTL_PORT: String(await freePort()), TASKCTL_DATA_DIR: engine.dataDir });
    let starts = 0;
    try {
      await expect(ensureTarget(target, { onStart: () => starts++ })).rejects.toMatchObject({
        exitCode: 2,
        message: `the local engine for ${engine.dataDir} runs at ${engine.url}, not on port ${target.port}`,
        hint: `use its port (TASKCTL_PORT=${engine.port}), or stop it with: taskctl dev stop`,
      });
    } finally {
      await engine.stop();
    }
    expect(starts).toBe(0);
  }, 20_000);
});
