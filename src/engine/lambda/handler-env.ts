// The environment a handler runs with. Handlers are user code: they must not inherit the engine
// owner's AWS credentials, profile or taskctl settings (TASKCTL_DEV_CREDENTIALS among them).
// As on Lambda, they get a key pair of their own, here a placeholder that signs nothing real.

/** Engine variables a handler never sees: the SDK's whole configuration and taskctl's. */
const WITHHELD = /^(AWS_|TASKCTL_)/i;

/** Lambda's credential variables, in its format (a temporary ASIA… key with a session token). */
export const PLACEHOLDER_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'ASIATASKCTLLOCAL0000',
  AWS_SECRET_ACCESS_KEY: 'taskctl-local-handler-placeholder-secret0',
  AWS_SESSION_TOKEN: 'taskctl-local-handler-placeholder-session-token',
} as const;

/**
 * `inherited` (the engine's environment) minus what is withheld, then the function's own
 * Environment variables, then Lambda's reserved ones (`reserved`) and the placeholder credentials,
 * which the function cannot override (Lambda refuses reserved keys in Environment).
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
  return { ...env, ...functionEnvironment, ...reserved, ...PLACEHOLDER_CREDENTIALS };
}
