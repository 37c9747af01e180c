import { resolve } from 'node:path';
import { TaskctlCommand, dataDirFlag } from '../../base-command.js';
import {
  checkEngineRecord,
  removeEngineRecord,
  staleRecordNotice,
  type EngineRecord,
} from '../../lib/engine-record.js';
import { ExitCode } from '../../lib/exit-codes.js';
import { localDataDir } from '../../lib/target.js';

export type DevStatusResult = { running: boolean; dataDir: string } & Partial<EngineRecord>;

export default class DevStatus extends TaskctlCommand<DevStatusResult> {
  static override summary = 'show whether the local engine is running';
  static override description = `Reads <data-dir>/engine.json and asks the engine at the recorded address to confirm it is that engine (its id, pid and data directory). A stale record is cleared. Exits 0 when the engine runs, 1 when it does not.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
  ];
  static override flags = { ...dataDirFlag };

  async run(): Promise<DevStatusResult> {
    const { flags } = await this.parse(DevStatus);
    const dataDir = resolve(flags['data-dir'] ?? localDataDir());
    const check = await checkEngineRecord(dataDir);
    if (check.state === 'running') {
      const { record } = check;
      this.printer.text(
        `running ${record.url} (pid ${record.pid}, data: ${record.dataDir}, since ${record.startedAt})`,
      );
      return { running: true, ...record };
    }
    if (check.state === 'stale') {
      removeEngineRecord(dataDir, check.record);
      this.notice(staleRecordNotice(check));
    }
    // A script asks `taskctl dev status && …`: not running is a non-zero answer, with the same document.
    process.exitCode = ExitCode.serviceError;
    this.printer.text(
      check.state === 'unanswered'
        ? `not answering: engine.json names pid ${check.record.pid}, but ${check.reason} (data: ${dataDir})`
        : `not running (data: ${dataDir})`,
    );
    return { running: false, dataDir };
  }
}
