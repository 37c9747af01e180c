import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../src/lib/local-engine.js';
import { BIN, ROOT, cleanEnv } from '../support/cli.js';
import { runInProcess } from '../support/in-process.js';
import { sfnClient } from '../support/sdk.js';

// The stuck states of issue 8 around the engine's record and data directory, each as a user met it:
// a stale engine.json whose pid was reused, two engines on one data directory, the data directory
// deleted under a running engine, and a restart after SIGKILL. Processes, because what is tested
// is processes: pids, locks that die with them, exits.

interface DevProcess {
  child: ChildProcess;
  /** Resolves with the URL once it listens, or with undefined if it exits first. */
  listening: Promise<string | undefined>;
  exited: Promise<number | null>;
  stderr(): string;
}

const started = new Set<ChildProcess>();
const dirs: string[] = [];
afterAll(() => {
  for (const child of started) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'taskctl-lifecycle-'));
  dirs.push(dir);
  return dir;
}

function spawnDev(dataDir: string): DevProcess {
  const child = spawn(process.execPath, [BIN, 'dev', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env: cleanEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  started.add(child);
  let stderr = '';
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      started.delete(child);
      done(code);
    }),
  );
  const listening = new Promise<string | undefined>((done) => {
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      if (url) done(url);
    });
    void exited.then(() => done(undefined));
  });
  return { child, listening, exited, stderr: () => stderr };
}

async function stopDev(dev: DevProcess): Promise<void> {
  if (dev.child.exitCode === null && dev.child.signalCode === null) dev.child.kill('SIGTERM');
  await dev.exited;
}

/** An error's message and hint, as one line (they are two when a long path makes them long). */
const oneLine = (stderr: string) => stderr.trim().replace(/\n(?=stop it|start it)/g, '; ');

/** An HTTP server that is not an engine: what holds a recorded port after a reboot. */
async function unrelatedServer(): Promise<Server> {
  const server = createServer((_request, response) => response.end('{}'));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return server;
}

/** engine.json as an engine that is long gone left it, naming a pid that now belongs to `pid`. */
function writeStaleRecord(dataDir: string, pid: number, port: number): void {
  const url = `http://127.0.0.1:${port}`;
  const record = {
    id: 'gone',
    pid,
    url,
    port,
    host: '127.0.0.1',
    dataDir,
    startedAt: '2025-01-01T00:00:00.000Z',
  };
  writeFileSync(join(dataDir, 'engine.json'), JSON.stringify(record));
}

describe('a stale engine.json whose pid now belongs to another process', () => {
  let unrelated: ChildProcess | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    unrelated?.kill('SIGKILL');
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
  });

  it('is reported not running (exit 1) and cleared; dev stop signals nothing; dev starts', async () => {
    const dataDir = tempDir();
    unrelated = spawn('sleep', ['30'], { stdio: 'ignore' });
    const pid = unrelated.pid!;
    // The worst case: something else even answers on the recorded port.
    server = await unrelatedServer();
    const { port } = server.address() as AddressInfo;
    const stale = `cleared a stale engine.json (pid ${pid}, http://127.0.0.1:${port}): http://127.0.0.1:${port} is not a taskctl engine`;

    writeStaleRecord(dataDir, pid, port);
    const status = await runInProcess(['dev', 'status', '--data-dir', dataDir]);
    expect(status).toMatchObject({
      code: 1,
      stdout: `not running (data: ${dataDir})\n`,
      stderr: `${stale}\n`,
    });
    expect(existsSync(join(dataDir, 'engine.json'))).toBe(false);

    writeStaleRecord(dataDir, pid, port);
    const json = await runInProcess(['dev', 'status', '--data-dir', dataDir, '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ running: false, dataDir });

    writeStaleRecord(dataDir, pid, port);
    const stop = await runInProcess(['dev', 'stop', '--data-dir', dataDir]);
    expect(stop).toMatchObject({ code: 0, stdout: `no local engine is running (data: ${dataDir})\n` });
    expect(isProcessAlive(pid)).toBe(true);

    writeStaleRecord(dataDir, pid, port);
    const dev = spawnDev(dataDir);
    const url = await dev.listening;
    expect(url, dev.stderr()).toBeDefined();
    expect(dev.stderr()).toContain(stale);
    const record = JSON.parse(readFileSync(join(dataDir, 'engine.json'), 'utf8'));
    expect(record).toMatchObject({ pid: dev.child.pid, url });
    const running = await runInProcess(['dev', 'status', '--data-dir', dataDir]);
    expect(running.code).toBe(0);
    expect(running.stdout).toContain(`running ${url} (pid ${dev.child.pid}`);
    const stopped = await runInProcess(['dev', 'stop', '--data-dir', dataDir]);
    expect(stopped.stdout).toBe(`stopped local engine ${url} (pid ${dev.child.pid})\n`);
    expect(await dev.exited).toBe(0);
    expect(isProcessAlive(pid)).toBe(true);
  });

  it('does not stop the other commands: the local engine is started in its place', async () => {
    const dataDir = tempDir();
    unrelated = spawn('sleep', ['30'], { stdio: 'ignore' });
    server = await unrelatedServer();
    const { port: freePort } = server.address() as AddressInfo;
    await new Promise((done) => server!.close(done));
    server = undefined;
    writeStaleRecord(dataDir, unrelated.pid!, freePort);
    const env = { TASKCTL_PORT: String(freePort), TASKCTL_DATA_DIR: dataDir };
    try {
      const list = await runInProcess(['list'], { env });
      expect(list.stderr).toContain(
        `cleared a stale engine.json (pid ${unrelated.pid}, http://127.0.0.1:${freePort}): nothing listens on http://127.0.0.1:${freePort}`,
      );
      expect(list.stderr).toContain('starting local engine…');
      expect(JSON.parse(readFileSync(join(dataDir, 'engine.json'), 'utf8')).port).toBe(freePort);
    } finally {
      await runInProcess(['dev', 'stop'], { env });
    }
    expect(isProcessAlive(unrelated.pid!)).toBe(true);
  }, 20_000);
});

describe('one data directory, one engine', () => {
  it('lets exactly one of two engines started at the same moment run; the other names it and exits 2', async () => {
    const dataDir = tempDir();
    const devs = [spawnDev(dataDir), spawnDev(dataDir)];
    const urls = await Promise.all(devs.map((dev) => dev.listening));
    const winner = devs[urls.findIndex(Boolean)];
    const loser = devs[urls.findIndex((url) => !url)];
    try {
      expect(urls.filter(Boolean)).toHaveLength(1);
      expect(await loser.exited).toBe(2);
      const url = urls.find(Boolean)!;
      expect(oneLine(loser.stderr())).toBe(
        `an engine is already running on ${dataDir} (pid ${winner.child.pid}, ${url}); stop it with: taskctl dev stop --data-dir ${dataDir}, or pick another --data-dir`,
      );
    } finally {
      await Promise.all(devs.map(stopDev));
    }
  });

  it('starts again at once after the engine was killed with SIGKILL', async () => {
    const dataDir = tempDir();
    const first = spawnDev(dataDir);
    expect(await first.listening).toBeDefined();
    first.child.kill('SIGKILL');
    await first.exited;
    const began = Date.now();
    const second = spawnDev(dataDir);
    try {
      expect(await second.listening, second.stderr()).toBeDefined();
      // The lock died with the process; only the record is left, and it is cleared.
      expect(second.stderr()).toContain(`cleared a stale engine.json (pid ${first.child.pid}`);
      expect(Date.now() - began).toBeLessThan(5_000);
    } finally {
      await stopDev(second);
    }
  });
});

describe('the data directory deleted under a running engine', () => {
  it('refuses the next request with ServiceUnavailable naming it, exits 1, and dev status agrees', async () => {
    const dataDir = tempDir();
    const dev = spawnDev(dataDir);
    const url = (await dev.listening)!;
    const sfn = sfnClient(url);
    await sfn.send(new ListStateMachinesCommand({}));
    rmSync(dataDir, { recursive: true, force: true });
    await expect(sfn.send(new ListStateMachinesCommand({}))).rejects.toMatchObject({
      name: 'ServiceUnavailable',
      message: expect.stringContaining(`its data directory ${dataDir} was deleted`) as unknown,
    });
    expect(await dev.exited).toBe(1);
    expect(oneLine(dev.stderr())).toContain(
      `the engine stopped: its data directory ${dataDir} was deleted; start it again with: taskctl dev`,
    );
    const status = await runInProcess(['dev', 'status', '--data-dir', dataDir]);
    expect(status).toMatchObject({ code: 1, stdout: `not running (data: ${dataDir})\n` });
  });
});
