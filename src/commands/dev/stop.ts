import { resolve } from 'node:path';
import { TaskctlCommand, dataDirFlag } from '../../base-command.js';
import { ServiceError } from '../../lib/errors.js';
import { checkEngineRecord, removeEngineRecord, staleRecordNotice } from '../../lib/engine-record.js';
import { waitForProcessExit } from '../../lib/local-engine.js';
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
  static override description = `Sends SIGTERM to the engine recorded in <data-dir>/engine.json, once the engine at the recorded address has confirmed it is that engine (its id and pid), and waits until it has exited. A stale record is cleared and nothing is signalled. Stopping when nothing runs is not an error.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --data-dir ./.taskctl',
  ];
  static override flags = { ...dataDirFlag };

  async run(): Promise<DevStopResult> {
    const { flags } = await this.parse(DevStop);
    const dataDir = resolve(flags['data-dir'] ?? localDataDir());
    const check = await checkEngineRecord(dataDir);
    if (check.state === 'unanswered') {
      // Maybe a wedged engine, maybe a reused pid: never signal what has not said who it is.
      throw new ServiceError(`not stopping pid ${check.record.pid}: ${check.reason}`, {
        hint: `check it with: ps -p ${check.record.pid}, and stop it yourself if it is the engine`,
      });
    }
    if (check.state !== 'running') {
      if (check.state === 'stale') {
        removeEngineRecord(dataDir, check.record);
        this.notice(staleRecordNotice(check));
      }
      this.printer.text(`no local engine is running (data: ${dataDir})`);
      return { stopped: false, dataDir };
    }
    const { record } = check;
    process.kill(record.pid, 'SIGTERM');
    if (!(await waitForProcessExit(record.pid, STOP_TIMEOUT_MS))) {
      throw new ServiceError(
        `the engine (pid ${record.pid}) did not stop within ${STOP_TIMEOUT_MS / 1000}s`,
        {
          hint: `kill it with: kill -9 ${record.pid}`,
        },
      );
    }
    removeEngineRecord(dataDir, record);
    this.printer.text(`stopped local engine ${record.url} (pid ${record.pid})`);
    return { stopped: true, dataDir, pid: record.pid, url: record.url };
  }
}
