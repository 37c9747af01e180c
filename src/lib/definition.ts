import { readFile } from 'node:fs/promises';
import { UsageError } from './errors.js';
import {
  applySubstitutions,
  bundledDefinitionText,
  localFunctionArns,
  missingSubstitutions,
} from './workflow/index.js';

// Loading, substituting and comparing state machine definitions for `taskctl deploy`.

export type Substitutions = Record<string, string>;

export async function loadDefinition(file: string | undefined): Promise<{ text: string; source: string }> {
  if (!file) {
    return { text: bundledDefinitionText(), source: 'the bundled workflow' };
  }
  try {
    return { text: await readFile(file, 'utf8'), source: file };
  } catch (error) {
    throw new UsageError(
      `cannot read definition file ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      {
        hint: 'pass a path to an Amazon States Language JSON file with --definition',
      },
    );
  }
}

/** `--sub KEY=VALUE` flags into a map; later flags win. */
export function parseSubstitutionFlags(flags: readonly string[]): Substitutions {
  const subs: Substitutions = {};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0) {
      throw new UsageError(`--sub "${flag}" is not KEY=VALUE`, {
        hint: 'e.g. --sub CreateTaskFunctionArn=arn:aws:lambda:eu-west-1:111122223333:function:CreateTask',
      });
    }
    subs[flag.slice(0, eq)] = flag.slice(eq + 1);
  }
  return subs;
}

/**
 * Fills the definition's placeholders. For engines we run (local target, emulator endpoints)
 * the bundled handlers' ARNs are the defaults; explicit --sub values always win.
 */
export function substitute(
  text: string,
  userSubs: Substitutions,
  localDefaults?: { region: string; accountId: string },
): string {
  const subs = {
    ...(localDefaults ? localFunctionArns(localDefaults.region, localDefaults.accountId) : {}),
    ...userSubs,
  };
  const missing = missingSubstitutions(text, subs);
  if (missing.length > 0) {
    throw new UsageError(`the definition needs values for: ${missing.join(', ')}`, {
      hint: `pass them with ${missing.map((key) => `--sub ${key}=VALUE`).join(' ')}`,
    });
  }
  return applySubstitutions(text, subs);
}

/** Parses the definition, pointing at the line and column of a syntax error. */
export function parseDefinition(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = Number(/position (\d+)/.exec(message)?.[1]);
    const at = Number.isFinite(position) ? ` at ${lineColumn(text, position)}` : '';
    throw new UsageError(`${source} is not valid JSON${at}: ${message}`, {
      hint: 'fix the syntax and deploy again',
    });
  }
}

function lineColumn(text: string, position: number): string {
  const before = text.slice(0, position).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/** Key-sorted, indented JSON: equal definitions compare equal however they were formatted. */
export function normalizeDefinition(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
