// `taskctl dev --credentials KEY:SECRET` (env TASKCTL_DEV_CREDENTIALS): the key pair the local
// engine checks signatures against, and the one the CLI signs with for it when no AWS keys are set.

export const DEV_CREDENTIALS_ENV = 'TASKCTL_DEV_CREDENTIALS';

export interface KeyPair {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** KEY:SECRET (the secret may itself hold colons); undefined when it is not that shape. */
export function parseKeyPair(text: string | undefined): KeyPair | undefined {
  const at = text?.indexOf(':') ?? -1;
  if (!text || at <= 0 || at === text.length - 1) return undefined;
  return { accessKeyId: text.slice(0, at), secretAccessKey: text.slice(at + 1) };
}

/**
 * What the CLI signs local-engine requests with: TASKCTL_DEV_CREDENTIALS when set (what an engine
 * started from the same environment checks), else the AWS_* keys (as any SDK would use), else a
 * placeholder that an engine without --credentials accepts.
 */
export function localEngineCredentials(env: NodeJS.ProcessEnv = process.env): KeyPair {
  const dev = parseKeyPair(env[DEV_CREDENTIALS_ENV]);
  if (dev) return dev;
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    };
  }
  // A fresh object each time: the SDK writes into the credentials it is given.
  return { accessKeyId: 'taskctl', secretAccessKey: 'taskctl' };
}
