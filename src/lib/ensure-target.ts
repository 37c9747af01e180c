import { UsageError } from './errors.js';
import { isPortOpen } from './port-probe.js';
import type { Target } from './target.js';

// Before the first request: the local engine is started here when nothing answers on its port,
// once per command, so the SDK wrapper only ever sends requests.

export interface EnsureTargetOptions {
  /** Called before the local engine is started (the command prints a notice). */
  onStart?: () => void;
  /** A one-line notice on the way, e.g. that a stale engine.json was cleared. */
  onNotice?: (text: string) => void;
}

/** Makes sure the target can be sent requests: starts the local engine in the background if needed. */
export async function ensureTarget(target: Target, options: EnsureTargetOptions = {}): Promise<void> {
  // AWS and other endpoints are someone else's to run: a refused connection is reported, not fixed.
  if (target.kind !== 'local') return;
  if (await isPortOpen(target.host, target.port)) return;
  // Nothing on the port: the record says whether this data dir's engine runs elsewhere, or is stale.
  const { checkEngineRecord, removeEngineRecord, staleRecordNotice } = await import('./engine-record.js');
  const check = await checkEngineRecord(target.dataDir);
  if (check.state === 'running') {
    throw new UsageError(
      `the local engine for ${target.dataDir} runs at ${check.record.url}, not on port ${target.port}`,
      { hint: `use its port (TASKCTL_PORT=${check.record.port}), or stop it with: taskctl dev stop` },
    );
  }
  if (check.state === 'stale') {
    removeEngineRecord(target.dataDir, check.record);
    options.onNotice?.(staleRecordNotice(check));
  }
  options.onStart?.();
  // Loaded only when needed: it brings in node:child_process.
  const { startBackgroundEngine } = await import('./local-engine.js');
  await startBackgroundEngine(target);
}
