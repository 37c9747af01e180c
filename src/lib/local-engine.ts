import { spawn } from 'node:child_process';
import { closeSync, fchmodSync, fstatSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ServiceError } from './errors.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from './engine-record.js';
import { isPortOpen } from './port-probe.js';

// Managing the background local engine's process: signals, waiting for exit, and auto-start.
// Its record (engine.json) and the check of it are in engine-record.ts.

const BIN_RUN = fileURLToPath(new URL('../../bin/run.js', import.meta.url));
const START_TIMEOUT_MS = 10_000;
const RIVAL_START_GRACE_MS = 3_000;

export const engineLogPath = (dataDir: string): string => join(dataDir, 'engine.log');

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
  const logFile = engineLogPath(dataDir);
  const log = openSync(logFile, 'a', PRIVATE_FILE_MODE);
  fchmodSync(log, PRIVATE_FILE_MODE);
  const logStart = fstatSync(log).size;
  let exited = false;
  try {
    const child = spawn(process.execPath, [BIN_RUN, 'dev', '--port', String(port), '--data-dir', dataDir], {
      detached: true,
      stdio: ['ignore', log, log],
      env: process.env,
    });
    child.once('exit', () => (exited = true));
    child.once('error', () => (exited = true));
    child.unref();
  } finally {
    closeSync(log);
  }
  let deadline = Date.now() + START_TIMEOUT_MS;
  let sawExit = false;
  while (Date.now() < deadline) {
    if (await isPortOpen(host, port)) return;
    // Ours refused (another CLI started an engine on this port or data dir at the same moment):
    // give that one a moment to answer, which is all that matters.
    if (exited && !sawExit) {
      sawExit = true;
      deadline = Math.min(deadline, Date.now() + RIVAL_START_GRACE_MS);
    }
    await sleep(100);
  }
  if (await isPortOpen(host, port)) return;
  const said = exited ? lastLine(readFileSync(logFile).subarray(logStart).toString('utf8')) : undefined;
  throw new ServiceError(`the local engine did not start on ${host}:${port}${said ? `: ${said}` : ''}`, {
    hint: `see ${logFile}, or run it in the foreground with: taskctl dev`,
  });
}

const lastLine = (text: string): string | undefined => text.trim().split('\n').pop()?.trim() || undefined;
