import { resolve } from 'node:path';
import { TaskctlCommand, dataDirFlag } from '../../base-command.js';
import { isProcessAlive, readEngineRecord, type EngineRecord } from '../../lib/local-engine.js';
import { isPortOpen } from '../../lib/port-probe.js';
import { localDataDir } from '../../lib/target.js';

export type DevStatusResult = { running: boolean; dataDir: string } & Partial<EngineRecord>;

export default class DevStatus extends TaskctlCommand<DevStatusResult> {
  static override summary = 'show whether the local engine is running';
  static override description = `Reads <data-dir>/engine.json and checks that its process is alive and its port answers.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --json',
  ];
  static override flags = { ...dataDirFlag };

  async run(): Promise<DevStatusResult> {
    const { flags } = await this.parse(DevStatus);
    const dataDir = resolve(flags['data-dir'] ?? localDataDir());
    const record = readEngineRecord(dataDir);
    const running = !!record && isProcessAlive(record.pid) && (await isPortOpen(record.host, record.port));
    if (!record || !running) {
      this.printer.text(`not running (data: ${dataDir})`);
      return { running: false, dataDir };
    }
    this.printer.text(
      `running ${record.url} (pid ${record.pid}, data: ${record.dataDir}, since ${record.startedAt})`,
    );
    return { running: true, ...record };
  }
}
