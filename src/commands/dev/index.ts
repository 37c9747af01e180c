import * as Flags from '@oclif/core/flags';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { TaskctlCommand, dataDirFlag } from '../../base-command.js';
import { UsageError } from '../../lib/errors.js';
import {
  PRIVATE_DIR_MODE,
  isProcessAlive,
  readEngineRecord,
  removeEngineRecord,
  writeEngineRecord,
  type EngineRecord,
} from '../../lib/local-engine.js';
import { LOCAL_DEFAULT_PORT, LOCAL_HOST, localDataDir } from '../../lib/target.js';

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
  static override description = `Serves the Step Functions and CloudWatch Logs APIs on --host:--port, persisting to --data-dir. Other taskctl commands use it when no AWS target is configured. Ctrl-C stops it cleanly.`;
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
    host: Flags.string({
      summary: 'address to bind; anything but loopback exposes the engine to other machines',
      default: LOCAL_HOST,
    }),
    'allow-host': Flags.string({
      summary: 'also answer requests whose Host header is NAME (e.g. a container name)',
      description:
        'Requests are answered only when their Host header is a loopback name (localhost, 127.0.0.1, [::1]) or the --host address, so a web page cannot reach the engine by DNS rebinding; others get 403.',
      multiple: true,
    }),
    ...dataDirFlag,
    handlers: Flags.directory({
      summary: 'directory of Lambda handlers that add to or override the bundled ones',
      exists: true,
    }),
    speed: speedFlag(),
    fault: Flags.string({
      summary: 'inject faults into API calls, e.g. throttle=0.2,error=0.01,latency=20ms (see README)',
      description:
        "Rules are [OPERATION:]throttle=P, error=P or latency=DURATION[-DURATION], comma-separated or repeated; P is 0–1 or a percentage. throttle answers with the service's throttling error (ThrottlingException, HTTP 400), error with a 500, latency delays every answer; a rule with OPERATION (e.g. StartExecution:throttle=0.5) overrides the global one for that operation.",
      multiple: true,
    }),
    'fault-seed': Flags.integer({
      summary: 'seed the fault draws so a run can be replayed',
      env: 'TASKCTL_FAULT_SEED',
    }),
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
    mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    const other = readEngineRecord(dataDir);
    if (other && isProcessAlive(other.pid)) {
      throw new UsageError(`an engine is already running on ${dataDir} (pid ${other.pid}, ${other.url})`, {
        hint: 'stop it with: taskctl dev stop, or pick another --data-dir',
      });
    }
    const { startEngine, parseFaultSpec, FaultSpecError, isLoopbackAddress } =
      await import('../../engine/index.js');
    const asUsageError = (error: unknown) => {
      if (!(error instanceof FaultSpecError)) return error;
      return new UsageError(error.message, { hint: `expected ${error.grammar}` });
    };
    let faults;
    try {
      faults = flags.fault ? parseFaultSpec(flags.fault) : undefined;
    } catch (error) {
      throw asUsageError(error);
    }
    const engine = await startEngine({
      port: flags.port,
      host: flags.host,
      dataDir,
      handlersDir: flags.handlers ? resolve(flags.handlers) : undefined,
      speed: flags.speed,
      clockOffsetMs: flags['clock-offset'] * 1000,
      allowedHosts: flags['allow-host'],
      faults,
      faultSeed: flags['fault-seed'],
    }).catch((error: NodeJS.ErrnoException) => {
      if (error?.code !== 'EADDRINUSE') throw asUsageError(error);
      throw new UsageError(`port ${flags.port} is in use`, {
        hint: 'stop the other engine with: taskctl dev stop, or pick another with --port',
      });
    });
    const record: EngineRecord = {
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
    if (!isLoopbackAddress(flags.host)) {
      process.stderr.write(
        `warning: the engine is exposed beyond this machine on ${flags.host}: anyone who reaches it can read and change its data` +
          ` (--credentials makes it require signed requests); Host names answered: ${engine.acceptedHosts.join(', ')}\n`,
      );
    }

    const onSigterm = () => this.shutdown.abort();
    process.once('SIGTERM', onSigterm);
    await new Promise((done) => this.shutdown.signal.addEventListener('abort', done, { once: true }));
    process.removeListener('SIGTERM', onSigterm);
    try {
      await engine.close();
    } finally {
      if (readEngineRecord(dataDir)?.pid === process.pid) removeEngineRecord(dataDir);
    }
    this.notice('engine stopped');
    return record;
  }
}
