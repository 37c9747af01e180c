// What starting the engine takes and gives back; a module of its own so index.ts and server.ts
// both depend on it instead of on each other.
import type { FaultPlan } from './api/faults.js';
import type { EngineCredentials } from './api/signature.js';
import type { Clock } from './runtime/clock.js';

export interface EngineOptions {
  port: number; // 0 picks an ephemeral port
  host: string; // 127.0.0.1 unless told otherwise
  dataDir: string; // holds engine.db (SQLite)
  handlersDir?: string; // user Lambda handlers, looked up before the bundled ones
  speed: number; // waits, retry intervals and timeouts are divided by this
  region?: string; // default us-east-1
  accountId?: string; // default 123456789012
  /** Runs the engine's clock this far ahead of real time, to age executions (tests, demos). */
  clockOffsetMs?: number;
  /** The clock itself, for in-process tests that move time forward while the engine runs. */
  clock?: Clock;
  /** How often closed executions past retention are deleted while running; default hourly. */
  purgeIntervalMs?: number;
  /** A request body not complete this long after the request began is refused; default 10 s. */
  bodyTimeoutMs?: number;
  /** Reported by GET /_taskctl/engine with the engine's id, data dir and pid. */
  version?: string;
  /** How often the data directory is checked for being deleted or replaced; default 1 s. */
  dataDirCheckIntervalMs?: number;
  /** Caps the database at this many pages (SQLite's max_page_count), so tests can fill it up. */
  maxDatabasePages?: number;
  /** Host header names answered besides the loopback names and the bound address (`dev --allow-host`). */
  allowedHosts?: string[];
  /** Requests must be SigV4-signed with this key pair (`dev --credentials`); unchecked by default. */
  credentials?: EngineCredentials;
  /** Faults injected into API calls (`dev --fault`); none by default. */
  faults?: FaultPlan;
  /** Seeds the fault draws, so a run's faults can be replayed; unseeded by default. */
  faultSeed?: number;
}

export interface RunningEngine {
  url: string; // http://host:port
  port: number;
  /** The Host header names it answers (any port); other names get 403. */
  acceptedHosts: string[];
  /** Random per start; GET /_taskctl/engine answers it, so a record of this engine can be checked. */
  id: string;
  /**
   * Resolves if the data directory is deleted or replaced under the engine: from then on it writes
   * nothing and refuses every request (503 ServiceUnavailable), and its owner should close it.
   * The error's message says what happened ("its data directory /x was deleted").
   */
  dataDirLost: Promise<Error>;
  close(): Promise<void>;
}
