import { resolve } from 'node:path';
import { TaskctlCommand, dataDirFlag } from '../../base-command.js';
import { ServiceError } from '../../lib/errors.js';
import { isPortOpen } from '../../lib/port-probe.js';
import {
  isProcessAlive,
  readEngineRecord,
  removeEngineRecord,
  waitForProcessExit,
} from '../../lib/local-engine.js';
import { localDataDir } from '../../lib/target.js';

const STOP_TIMEOUT_MS = 10_000;

export interface DevStopResult {
  stopped: boolean;
  dataDir: string;
  pid?: number;
  url?: string;
}

export default class DevStop extends TaskctlCommand<DevStopResult> {
  static override summary = 'stop the background local engine';
  static override description = `Sends SIGTERM to the engine recorded in <data-dir>/engine.json and waits until it has exited. Stopping when nothing runs is not an error.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --data-dir ./.taskctl',
  ];
  static override flags = { ...dataDirFlag };

  async run(): Promise<DevStopResult> {
    const { flags } = await this.parse(DevStop);
    const dataDir = resolve(flags['data-dir'] ?? localDataDir());
    const record = readEngineRecord(dataDir);
    // Both checks, so a stale engine.json never gets an unrelated process (a reused pid) killed.
    if (!record || !isProcessAlive(record.pid) || !(await isPortOpen(record.host, record.port))) {
      if (record && !isProcessAlive(record.pid)) removeEngineRecord(dataDir);
      this.printer.text(`no local engine is running (data: ${dataDir})`);
      return { stopped: false, dataDir };
    }
    process.kill(record.pid, 'SIGTERM');
    if (!(await waitForProcessExit(record.pid, STOP_TIMEOUT_MS))) {
      throw new ServiceError(
        `the engine (pid ${record.pid}) did not stop within ${STOP_TIMEOUT_MS / 1000}s`,
        {
          hint: `kill it with: kill -9 ${record.pid}`,
        },
      );
    }
    removeEngineRecord(dataDir);
    this.printer.text(`stopped local engine ${record.url} (pid ${record.pid})`);
    return { stopped: true, dataDir, pid: record.pid, url: record.url };
  }
}
