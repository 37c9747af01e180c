import * as Flags from '@oclif/core/flags';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TaskctlCommand, dataDirFlag } from '../../base-command.js';
import { ServiceError, UsageError } from '../../lib/errors.js';
import {
  checkEngineRecord,
  removeEngineRecord,
  staleRecordNotice,
  writeEngineRecord,
  type EngineRecord,
} from '../../lib/engine-record.js';
import { LOCAL_DEFAULT_PORT, LOCAL_HOST, localDataDir } from '../../lib/target.js';

/** How long a rival that holds the data dir may take to write engine.json (it opens its database first). */
const RIVAL_RECORD_WAIT_MS = 3_000;
/** After the data dir is lost, requests are answered ServiceUnavailable this long before the engine exits. */
const LOST_DATA_DIR_DRAIN_MS = 1_000;

const speedFlag = Flags.custom<number>({
  summary: 'run N times faster: waits, retry intervals and timeouts are divided by N',
  default: 1,
  parse: async (input) => {
    const speed = Number(input);
    if (!(speed > 0) || !Number.isFinite(speed))
      throw new UsageError(`must be a number above 0, got "${input}"`);
    return speed;
  },
});

export default class Dev extends TaskctlCommand<EngineRecord> {
  static override summary = 'run the local Step Functions engine in the foreground';
  static override description = `Serves the Step Functions and CloudWatch Logs APIs on --host:--port, persisting to --data-dir. Other taskctl commands use it when no AWS target is configured. Ctrl-C stops it cleanly.

One engine per data directory: it holds a lock on it while it runs, and a second engine on the same directory refuses, naming the running one. If the data directory is deleted or replaced under it, it refuses every request (ServiceUnavailable) and exits 1.`;
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --port 0 --data-dir ./.taskctl --speed 100',
    '<%= config.bin %> <%= command.id %> --handlers ./handlers',
  ];
  static override flags = {
    port: Flags.integer({
      summary: 'port to listen on (0 picks a free one)',
      env: 'TASKCTL_PORT',
      default: LOCAL_DEFAULT_PORT,
      min: 0,
      max: 65535,
    }),
    host: Flags.string({ summary: 'address to bind', default: LOCAL_HOST }),
    ...dataDirFlag,
    handlers: Flags.directory({
      summary: 'directory of Lambda handlers that add to or override the bundled ones',
      exists: true,
    }),
    speed: speedFlag(),
    'clock-offset': Flags.integer({
      summary: "run the engine's clock this many seconds ahead, to age executions (for tests)",
      hidden: true,
      default: 0,
    }),
  };

  private readonly shutdown = new AbortController();

  // Ctrl-C is how a foreground engine is meant to stop: close cleanly and exit 0.
  protected override interrupt(): void {
    this.shutdown.abort();
  }

  async run(): Promise<EngineRecord> {
    const { flags } = await this.parse(Dev);
    const dataDir = resolve(flags['data-dir'] ?? localDataDir());
    mkdirSync(dataDir, { recursive: true });
    const check = await checkEngineRecord(dataDir);
    if (check.state === 'running') throw alreadyRunning(check.record);
    if (check.state === 'stale') {
      removeEngineRecord(dataDir, check.record);
      this.notice(staleRecordNotice(check));
    }
    const { startEngine, DataDirLockedError } = await import('../../engine/index.js');
    const engine = await startEngine({
      port: flags.port,
      host: flags.host,
      dataDir,
      handlersDir: flags.handlers ? resolve(flags.handlers) : undefined,
      speed: flags.speed,
      clockOffsetMs: flags['clock-offset'] * 1000,
      version: this.config.version,
    }).catch(async (error: NodeJS.ErrnoException) => {
      if (error instanceof DataDirLockedError) throw await rivalHolding(dataDir);
      if (error?.code !== 'EADDRINUSE') throw error;
      throw new UsageError(`port ${flags.port} is in use`, {
        hint: 'stop the other engine with: taskctl dev stop, or pick another with --port',
      });
    });
    const record: EngineRecord = {
      id: engine.id,
      pid: process.pid,
      url: engine.url,
      port: engine.port,
      host: flags.host,
      dataDir,
      startedAt: new Date().toISOString(),
    };
    writeEngineRecord(record);
    // Printed even under --json: it is how scripts and tests learn the port.
    process.stderr.write(`taskctl engine listening on ${engine.url} (data: ${dataDir})\n`);

    const onSigterm = () => this.shutdown.abort();
    process.once('SIGTERM', onSigterm);
    const stopped = new Promise<undefined>((done) =>
      this.shutdown.signal.addEventListener('abort', () => done(undefined), { once: true }),
    );
    const lost = await Promise.race([stopped, engine.dataDirLost]);
    process.removeListener('SIGTERM', onSigterm);
    // Clients still get the engine's ServiceUnavailable answer for a moment, rather than a refused connection.
    if (lost) await sleep(LOST_DATA_DIR_DRAIN_MS);
    try {
      await engine.close();
    } finally {
      removeEngineRecord(dataDir, record);
    }
    if (lost) {
      throw new ServiceError(`the engine stopped: ${lost.message}`, {
        hint: 'start it again with: taskctl dev',
      });
    }
    this.notice('engine stopped');
    return record;
  }
}

function alreadyRunning(record: EngineRecord): UsageError {
  const own = record.dataDir === resolve(localDataDir());
  return new UsageError(
    `an engine is already running on ${record.dataDir} (pid ${record.pid}, ${record.url})`,
    {
      hint: `stop it with: taskctl dev stop${own ? '' : ` --data-dir ${record.dataDir}`}, or pick another --data-dir`,
    },
  );
}

/** Another engine took the data dir first (maybe at this very moment): name it once it has said who it is. */
async function rivalHolding(dataDir: string): Promise<UsageError> {
  const deadline = Date.now() + RIVAL_RECORD_WAIT_MS;
  do {
    const check = await checkEngineRecord(dataDir);
    if (check.state === 'running') return alreadyRunning(check.record);
    await sleep(100);
  } while (Date.now() < deadline);
  return new UsageError(`another engine holds ${dataDir} (its engine.json names no engine that answers)`, {
    hint: 'stop that process, or pick another --data-dir',
  });
}
