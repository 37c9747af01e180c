import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { ENGINE_INFO_PATH, type EngineInfo } from '../contract/engine-info.js';

export { ENGINE_INFO_PATH };

// The local engine's record (<dataDir>/engine.json), and the one check of it every command uses:
// ask the engine at the recorded address who it is. A pid alone proves nothing (reused after a
// reboot, a zombie, another program on the port), so nothing here trusts it.

/** What `taskctl dev` records in <dataDir>/engine.json while it runs. */
export interface EngineRecord {
  /** The engine's random id, which it answers at ENGINE_INFO_PATH. */
  id: string;
  pid: number;
  url: string;
  port: number;
  host: string;
  dataDir: string;
  startedAt: string;
}

/** An engine on loopback answers in milliseconds; a busy one (a big validation) in well under this. */
const ASK_TIMEOUT_MS = 2_000;

export type EngineCheck =
  | { state: 'none' }
  /** The engine at the recorded address confirmed the record's id, pid and data dir. */
  | { state: 'running'; record: EngineRecord }
  /** The record describes no running engine; `reason` says why, in a few words. */
  | { state: 'stale'; record: EngineRecord; reason: string }
  /** Something holds the address but did not answer in time: neither trusted nor cleared. */
  | { state: 'unanswered'; record: EngineRecord; reason: string };

export const engineRecordPath = (dataDir: string): string => join(dataDir, 'engine.json');

export function readEngineRecord(dataDir: string): EngineRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(engineRecordPath(dataDir), 'utf8')) as EngineRecord;
    return typeof record === 'object' && record !== null ? record : undefined;
  } catch {
    return undefined;
  }
}

// The data directory and its files are the owner's only (the engine makes them so at start);
// chmod after writing, so the mode holds whatever the umask and an older file's mode.
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

export function writeEngineRecord(record: EngineRecord): void {
  const file = engineRecordPath(record.dataDir);
  writeFileSync(file, JSON.stringify(record, null, 2) + '\n', { mode: PRIVATE_FILE_MODE });
  chmodSync(file, PRIVATE_FILE_MODE);
}

/** Removes engine.json only if it still holds this record (an engine starting meanwhile keeps its own). */
export function removeEngineRecord(dataDir: string, record: Pick<EngineRecord, 'id' | 'pid'>): void {
  const current = readEngineRecord(dataDir);
  if (current && (current.id !== record.id || current.pid !== record.pid)) return;
  rmSync(engineRecordPath(dataDir), { force: true });
}

/** Reads engine.json and asks the engine it names whether it is that engine. */
export async function checkEngineRecord(dataDir: string): Promise<EngineCheck> {
  const record = readEngineRecord(dataDir);
  if (!record) return { state: 'none' };
  const answer = await askEngine(record.url);
  if (answer.kind === 'timeout') return { state: 'unanswered', record, reason: answer.reason };
  if (answer.kind !== 'info') return { state: 'stale', record, reason: answer.reason };
  const { info } = answer;
  if (info.id === record.id && info.pid === record.pid && info.dataDir === record.dataDir) {
    return { state: 'running', record };
  }
  return {
    state: 'stale',
    record,
    reason: `${record.url} is another engine (pid ${info.pid}, data: ${info.dataDir})`,
  };
}

/** The one-line notice for a stale record that was cleared. */
export const staleRecordNotice = (check: { record: EngineRecord; reason: string }): string =>
  `cleared a stale engine.json (pid ${check.record.pid}, ${check.record.url}): ${check.reason}`;

type Answer = { kind: 'info'; info: EngineInfo } | { kind: 'none' | 'timeout'; reason: string };

/** GET ENGINE_INFO_PATH at `url`: the engine's info, or why there is none. */
export function askEngine(url: string, timeoutMs = ASK_TIMEOUT_MS): Promise<Answer> {
  return new Promise((resolve) => {
    let request: ReturnType<typeof get>;
    try {
      request = get(`${url}${ENGINE_INFO_PATH}`, { agent: false, timeout: timeoutMs }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk.length < 65_536 ? chunk : ''));
        response.on('error', () => resolve(notAnEngine(url)));
        response.on('end', () => {
          const info = response.statusCode === 200 ? parseInfo(body) : undefined;
          resolve(info ? { kind: 'info', info } : notAnEngine(url));
        });
      });
    } catch {
      resolve({ kind: 'none', reason: `${url} is not a valid address` });
      return;
    }
    request.on('timeout', () => {
      request.destroy();
      resolve({ kind: 'timeout', reason: `${url} did not answer within ${timeoutMs / 1000}s` });
    });
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve({
        kind: 'none',
        reason:
          error.code === 'ECONNREFUSED'
            ? `nothing listens on ${url}`
            : `${url} failed (${error.code ?? error.message})`,
      }),
    );
  });
}

const notAnEngine = (url: string): Answer => ({ kind: 'none', reason: `${url} is not a taskctl engine` });

function parseInfo(body: string): EngineInfo | undefined {
  try {
    const info = JSON.parse(body) as Partial<EngineInfo> | null;
    return info &&
      typeof info.id === 'string' &&
      typeof info.pid === 'number' &&
      typeof info.dataDir === 'string'
      ? (info as EngineInfo)
      : undefined;
  } catch {
    return undefined;
  }
}
