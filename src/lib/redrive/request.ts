import { parseExecutionRef, type ExecutionRef } from '../arn.js';
import { UsageError } from '../errors.js';
import { readStdinText } from '../input.js';
import { parseExecutionList } from './input.js';
import { parseSince } from '../since.js';

// What a `taskctl redrive` command line asks for, checked completely before any request:
// a usage error here (exit 2) means nothing was looked up or changed.

export interface RedriveFlags {
  failed?: boolean;
  since?: string;
  yes?: boolean;
  'dry-run'?: boolean;
}

export interface RedriveRequest {
  /** Executions named on the command line or stdin (empty with --failed). */
  refs: ExecutionRef[];
  failed: boolean;
  since?: Date;
  /** More than one execution, `-` or --failed. */
  bulk: boolean;
  /** A bulk run on a terminal without --yes: ask before redriving. */
  confirm: boolean;
}

export interface RequestIo {
  stdinIsTTY: boolean;
  readStdin: () => Promise<string>;
}

const defaultIo = (): RequestIo => ({ stdinIsTTY: !!process.stdin.isTTY, readStdin: () => readStdinText() });

export async function readRedriveRequest(
  given: readonly string[],
  flags: RedriveFlags,
  io: RequestIo = defaultIo(),
): Promise<RedriveRequest> {
  const fromStdin = given.includes('-');
  if (fromStdin && given.length > 1) throw new UsageError('- cannot be combined with other executions');
  if (flags.failed && given.length > 0) {
    throw new UsageError('--failed cannot be combined with EXECUTION arguments');
  }
  if (!flags.failed && given.length === 0) {
    throw new UsageError('missing argument EXECUTION', {
      hint: 'pass execution names or ARNs, - for stdin, or --failed',
    });
  }
  const bulk = !!flags.failed || fromStdin || given.length > 1;
  const unconfirmed = bulk && !flags.yes && !flags['dry-run'];
  // Stdin that carries the executions cannot also answer a question.
  if (unconfirmed && (fromStdin || !io.stdinIsTTY)) {
    throw new UsageError('a bulk redrive needs --yes when stdin is not a terminal', {
      hint: 'check first with --dry-run, then add --yes',
    });
  }
  const since = flags.since ? parseSince(flags.since) : undefined;
  const refs = (fromStdin ? parseExecutionList(await io.readStdin()) : given).map(parseExecutionRef);
  return { refs, failed: !!flags.failed, since, bulk, confirm: unconfirmed };
}
