import * as Flags from '@oclif/core/flags';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TaskctlCommand, dataDirFlag } from '../../base-command.js';
import { ServiceError, UsageError } from '../../lib/errors.js';
import {
  PRIVATE_DIR_MODE,
  checkEngineRecord,
  removeEngineRecord,
  staleRecordNotice,
  writeEngineRecord,
  type EngineRecord,
} from '../../lib/engine-record.js';
import { DEV_CREDENTIALS_ENV, parseKeyPair, type KeyPair } from '../../lib/dev-credentials.js';
import { LOCAL_DEFAULT_PORT, LOCAL_HOST, localDataDir } from '../../lib/target.js';
import { isLoopbackAddress } from '../../contract/loopback.js';

/** How long a rival that holds the data dir may take to write engine.json (it opens its database first). */
const RIVAL_RECORD_WAIT_MS = 3_000;
/** After the data dir is lost, requests are answered ServiceUnavailable this long before the engine exits. */
const LOST_DATA_DIR_DRAIN_MS = 1_000;

// The value is never echoed, not even in an error: it holds a secret.
const credentialsFlag = Flags.custom<KeyPair>({
  summary:
    'require requests SigV4-signed with this key pair (prefer the env variable: argv is visible to other users)',
  env: DEV_CREDENTIALS_ENV,
  helpValue: 'KEY:SECRET',
  parse: async (input) => {
    const pair = parseKeyPair(input);
    if (!pair) throw new UsageError('must be KEY:SECRET, an access key id and a secret access key');
    return pair;
  },
});

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
    credentials: credentialsFlag(),
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
    const check = await checkEngineRecord(dataDir);
    if (check.state === 'running') throw alreadyRunning(check.record);
    if (check.state === 'stale') {
      removeEngineRecord(dataDir, check.record);
      this.notice(staleRecordNotice(check));
    }
    const { startEngine, DataDirLockedError, parseFaultSpec, FaultSpecError } =
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
      credentials: flags.credentials,
      faults,
      faultSeed: flags['fault-seed'],
      version: this.config.version,
    }).catch(async (error: NodeJS.ErrnoException) => {
      if (error instanceof DataDirLockedError) throw await rivalHolding(dataDir);
      if (error?.code !== 'EADDRINUSE') throw asUsageError(error);
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
    if (!isLoopbackAddress(flags.host)) {
      process.stderr.write(
        `warning: the engine is exposed beyond this machine on ${flags.host}: anyone who reaches it can read and change its data` +
          ` (--credentials makes it require signed requests); Host names answered: ${engine.acceptedHosts.join(', ')}\n`,
      );
    }

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
