// The environment a handler runs with. Handlers are user code: they must not inherit the engine
// owner's AWS credentials, profile or taskctl settings (TASKCTL_DEV_CREDENTIALS among them).
// As on Lambda, they get a key pair of their own, here a placeholder that signs nothing real.

import { devNull } from 'node:os';

/** Engine variables a handler never sees: the SDK's whole configuration and taskctl's. */
const WITHHELD = /^(AWS_|TASKCTL_)/i;

/** Lambda's credential variables, in its format (a temporary ASIA… key with a session token). */
export const PLACEHOLDER_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'ASIATASKCTLLOCAL0000',
  AWS_SECRET_ACCESS_KEY: 'taskctl-local-handler-placeholder-secret0',
  AWS_SESSION_TOKEN: 'taskctl-local-handler-placeholder-session-token',
} as const;

/**
 * The SDK's profile files, empty as on Lambda: HOME is inherited, and a handler that reads a
 * profile explicitly (fromIni) must not find the owner's `~/.aws`.
 */
export const NO_PROFILE_FILES = {
  AWS_CONFIG_FILE: devNull,
  AWS_SHARED_CREDENTIALS_FILE: devNull,
} as const;

/**
 * `inherited` (the engine's environment) minus what is withheld, then the function's own
 * Environment variables, then Lambda's reserved ones (`reserved`), the placeholder credentials and
 * empty profile files, which the function cannot override (Lambda refuses reserved keys in Environment).
 */
export function handlerEnvironment(
  inherited: NodeJS.ProcessEnv,
  functionEnvironment: Record<string, string> | undefined,
  reserved: Record<string, string>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(inherited)) {
    if (value !== undefined && !WITHHELD.test(key)) env[key] = value;
  }
  return { ...env, ...functionEnvironment, ...reserved, ...PLACEHOLDER_CREDENTIALS, ...NO_PROFILE_FILES };
}
