// Definition substitutions (`${Key}` placeholders, as in SAM/CDK DefinitionSubstitutions).
import { lambdaFunctionArn } from '../../aws/arn.js';
import { bundledDefinition } from './definition.js';

export const WORKFLOW_NAME = 'taskctl-tasks';

/** The Lambda functions the bundled workflow calls, by placeholder key. */
export const FUNCTION_PLACEHOLDERS = {
  CreateTaskFunctionArn: 'CreateTask',
  CheckTaskStatusFunctionArn: 'CheckTaskStatus',
  TaskCompletedFunctionArn: 'TaskCompleted',
} as const;

/** The bundled definition as JSON text, placeholders unfilled. */
export function bundledDefinitionText(): string {
  return JSON.stringify(bundledDefinition, null, 2);
}

/** The bundled handlers' ARNs on an engine we run (local engine, emulators). */
export function localFunctionArns(region: string, accountId: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(FUNCTION_PLACEHOLDERS).map(([key, fn]) => [
      key,
      lambdaFunctionArn({ region, accountId }, fn),
    ]),
  );
}

const PLACEHOLDER = /\$\{([A-Za-z0-9_]+)\}/g;

/** Replaces each `${Key}` that has a value; placeholders without one are left as they are. */
export function applySubstitutions(text: string, subs: Record<string, string>): string {
  // Values land inside JSON strings: escape them so an ARN (or anything else) cannot break the JSON.
  return text.replace(PLACEHOLDER, (whole, key: string) =>
    Object.hasOwn(subs, key) ? JSON.stringify(subs[key]).slice(1, -1) : whole,
  );
}

/** Placeholder keys in `text` that `subs` has no value for, each once, in order of appearance. */
export function missingSubstitutions(text: string, subs: Record<string, string>): string[] {
  const missing = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) if (!Object.hasOwn(subs, m[1])) missing.add(m[1]);
  return [...missing];
}
