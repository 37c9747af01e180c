import { statSync } from 'node:fs';

/** How often a running engine checks that its data directory is still the one it opened. */
export const DATA_DIR_CHECK_INTERVAL_MS = 1_000;

/**
 * Notices when the data directory (or a file in it, e.g. the database) is deleted or replaced
 * under the running engine: its device and inode change, or it is gone. An unlinked database
 * still accepts writes, which would be lost when the engine stops, so the engine must stop instead.
 */
export class DataDirWatch {
  private readonly identities: Map<string, string | undefined>;
  private timer?: NodeJS.Timeout;
  private lostReason?: string;

  /** `watched` maps what each path is, for the message ("data directory"), to the path. */
  constructor(
    private readonly watched: Readonly<Record<string, string>>,
    private readonly onLost: (reason: string) => void,
  ) {
    this.identities = new Map(Object.values(watched).map((path) => [path, identity(path)]));
  }

  /** Checks every `intervalMs` without keeping the process alive. */
  start(intervalMs = DATA_DIR_CHECK_INTERVAL_MS): void {
    this.timer = setInterval(() => this.check(), intervalMs).unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Why the directory is no longer the engine's ("its database … was deleted"), or undefined (a few stat calls). */
  check(): string | undefined {
    if (this.lostReason) return this.lostReason;
    for (const [what, path] of Object.entries(this.watched)) {
      const now = identity(path);
      if (now === this.identities.get(path)) continue;
      this.lostReason = `its ${what} ${path} was ${now === undefined ? 'deleted' : 'replaced'}`;
      this.stop();
      this.onLost(this.lostReason);
      break;
    }
    return this.lostReason;
  }
}

function identity(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return `${stat.dev}:${stat.ino}`;
  } catch {
    return undefined;
  }
}
