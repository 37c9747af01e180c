import { spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  fchmodSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ServiceError } from './errors.js';
import { isPortOpen } from './port-probe.js';

// Managing the background local engine: its engine.json record, probing and auto-start.

/** What `taskctl dev` records in <dataDir>/engine.json while it runs. */
export interface EngineRecord {
  pid: number;
  url: string;
  port: number;
  host: string;
  dataDir: string;
  startedAt: string;
}

const BIN_RUN = fileURLToPath(new URL('../../bin/run.js', import.meta.url));
const START_TIMEOUT_MS = 10_000;

export const engineRecordPath = (dataDir: string): string => join(dataDir, 'engine.json');
export const engineLogPath = (dataDir: string): string => join(dataDir, 'engine.log');

export function readEngineRecord(dataDir: string): EngineRecord | undefined {
  try {
    return JSON.parse(readFileSync(engineRecordPath(dataDir), 'utf8')) as EngineRecord;
  } catch {
    return undefined;
  }
}

// The data directory and its files are the owner's only (the engine makes them so at start);
// chmod after writing, so the mode holds whatever the umask and an older file's mode.
const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

export function writeEngineRecord(record: EngineRecord): void {
  const file = engineRecordPath(record.dataDir);
  writeFileSync(file, JSON.stringify(record, null, 2) + '\n', { mode: PRIVATE_FILE_MODE });
  chmodSync(file, PRIVATE_FILE_MODE);
}

export function removeEngineRecord(dataDir: string): void {
  rmSync(engineRecordPath(dataDir), { force: true });
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function waitForProcessExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await sleep(50);
  }
  return !isProcessAlive(pid);
}

/**
 * Starts `taskctl dev` detached on host:port with the given data dir and waits until it
 * answers. Its output goes to engine.log: a child holding our stdout/stderr would keep a
 * caller's pipe (a CI step, `| jq`) open after we exit.
 */
export async function startBackgroundEngine(options: {
  port: number;
  host: string;
  dataDir: string;
}): Promise<void> {
  const { port, host, dataDir } = options;
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const log = openSync(engineLogPath(dataDir), 'a', PRIVATE_FILE_MODE);
  fchmodSync(log, PRIVATE_FILE_MODE);
  let exitCode: number | null | undefined;
  try {
    const child = spawn(process.execPath, [BIN_RUN, 'dev', '--port', String(port), '--data-dir', dataDir], {
      detached: true,
      stdio: ['ignore', log, log],
      env: process.env,
    });
    child.once('exit', (code) => (exitCode = code));
    child.once('error', () => (exitCode = -1));
    child.unref();
  } finally {
    closeSync(log);
  }
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (await isPortOpen(host, port)) return;
    // A second CLI may have started an engine on the same port at the same time: ours then
    // exits "port in use", and the port answering is all that matters.
    if (exitCode !== undefined && !(await isPortOpen(host, port))) break;
    await sleep(100);
  }
  if (await isPortOpen(host, port)) return;
  throw new ServiceError(`the local engine did not start on ${host}:${port}`, {
    hint: `see ${engineLogPath(dataDir)}, or run it in the foreground with: taskctl dev`,
  });
}
