import { isPortOpen } from './port-probe.js';
import type { Target } from './target.js';

// Before the first request: the local engine is started here when nothing answers on its port,
// once per command, so the SDK wrapper only ever sends requests.

export interface EnsureTargetOptions {
  /** Called before the local engine is started (the command prints a notice). */
  onStart?: () => void;
}

/** Makes sure the target can be sent requests: starts the local engine in the background if needed. */
export async function ensureTarget(target: Target, options: EnsureTargetOptions = {}): Promise<void> {
  // AWS and other endpoints are someone else's to run: a refused connection is reported, not fixed.
  if (target.kind !== 'local') return;
  if (await isPortOpen(target.host, target.port)) return;
  options.onStart?.();
  // Loaded only when needed: it brings in node:child_process.
  const { startBackgroundEngine } = await import('./local-engine.js');
  await startBackgroundEngine(target);
}
