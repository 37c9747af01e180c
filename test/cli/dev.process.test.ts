import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, cleanEnv } from '../support/cli.js';
import { runInProcess } from '../support/in-process.js';
import { startTestEngine } from '../support/engine.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('taskctl dev', () => {
  it('records engine.json while running and removes it on SIGINT, exiting 0', async () => {
    const engine = await startTestEngine();
    const record = JSON.parse(readFileSync(join(engine.dataDir, 'engine.json'), 'utf8'));
    expect(record).toMatchObject({
      url: engine.url,
      port: engine.port,
      host: '127.0.0.1',
      dataDir: engine.dataDir,
    });

    const status = await runInProcess(['dev', 'status', '--data-dir', engine.dataDir, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ running: true, url: engine.url, pid: record.pid });

    process.kill(record.pid, 'SIGINT');
    await expect.poll(() => existsSync(join(engine.dataDir, 'engine.json')), { timeout: 5_000 }).toBe(false);
    await engine.stop();
  });

  it('exits 2 naming the fix when the port is in use', async () => {
    // Whatever holds the port: the engine cannot bind it, and exits before it starts anything.
    const taken = createServer();
    const port = await new Promise<number>((resolve) =>
      taken.listen(0, '127.0.0.1', () => resolve((taken.address() as { port: number }).port)),
    );
    const dataDir = mkdtempSync(join(tmpdir(), 'tc-'));
    try {
      const { code, stderr } = await runInProcess(['dev', '--port', String(port), '--data-dir', dataDir]);
      expect(code).toBe(2);
      expect(stderr.trim()).toBe(
        `port ${port} is in use; stop the other engine with: taskctl dev stop, or pick another with --port`,
      );
    } finally {
      await new Promise((done) => taken.close(done));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('local engine auto-start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'taskctl-auto-'));
  afterAll(async () => {
    await runInProcess(['dev', 'stop', '--data-dir', dataDir]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts a detached engine when nothing listens, and dev stop stops it', async () => {
    const port = await freePort();
    const env = { TASKCTL_PORT: String(port), TASKCTL_DATA_DIR: dataDir };
    const deployed = await runInProcess(['deploy'], { env });
    expect(deployed.code).toBe(0);
    expect(deployed.stderr).toContain(`→ local engine http://127.0.0.1:${port}`);
    expect(deployed.stderr).toContain('starting local engine…');
    expect(readFileSync(join(dataDir, 'engine.log'), 'utf8')).toContain('taskctl engine listening on');

    const again = await runInProcess(['describe', 'none'], { env });
    expect(again.stderr).not.toContain('starting local engine');
    expect(again.code).toBe(2);

    const stopped = await runInProcess(['dev', 'stop', '--json'], { env });
    expect(JSON.parse(stopped.stdout)).toMatchObject({ stopped: true });
    expect(JSON.parse((await runInProcess(['dev', 'status', '--json'], { env })).stdout)).toMatchObject({
      running: false,
    });
  });

  it('does not hold the caller’s stdout open after exiting', async () => {
    // If the background engine inherited our pipe, 'close' would wait for the engine to exit.
    const port = await freePort();
    const env = cleanEnv({ TASKCTL_PORT: String(port), TASKCTL_DATA_DIR: dataDir });
    const child = spawn(process.execPath, [BIN, 'deploy'], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.resume();
    child.stderr.resume();
    const closed = await new Promise<number | null>((done) => child.once('close', done));
    expect(closed).toBe(0);
    await runInProcess(['dev', 'stop'], { env: { TASKCTL_DATA_DIR: dataDir } });
  });
});
