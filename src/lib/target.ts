import { homedir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_SCOPE } from '../aws/arn.js';
import { UsageError } from './errors.js';

// Target resolution, design §2. Pure: takes flags and env, returns where to send requests.

export const LOCAL_HOST = '127.0.0.1';
export const LOCAL_DEFAULT_PORT = 8083;
export const LOCAL_REGION = LOCAL_SCOPE.region;
export const LOCAL_ACCOUNT_ID = LOCAL_SCOPE.accountId;
export const DEFAULT_STATE_MACHINE = 'taskctl-tasks';

export interface TargetFlags {
  endpoint?: string;
  local?: boolean;
  region?: string;
  profile?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface LocalTarget {
  kind: 'local';
  url: string;
  host: string;
  port: number;
  dataDir: string;
  region: string;
  accountId: string;
}

export interface EndpointTarget {
  kind: 'endpoint';
  url: string;
  /** CloudWatch Logs endpoint; the SDK's per-service variable wins, else the same URL. */
  logsUrl: string;
  region: string;
  /** Emulators accept any key; real credentials are used only when some are configured. */
  credentials: 'dummy' | 'default';
  profile?: string;
  source: string;
}

export interface AwsTarget {
  kind: 'aws';
  /** Undefined: the SDK resolves it from the profile's config file. */
  region?: string;
  profile?: string;
}

export type Target = LocalTarget | EndpointTarget | AwsTarget;

const nonEmpty = (value: string | undefined): string | undefined => (value ? value : undefined);

export function resolveTarget(flags: TargetFlags, env: Env = process.env): Target {
  const endpoint =
    pick(flags.endpoint, '--endpoint') ??
    pick(env.TASKCTL_ENDPOINT, 'TASKCTL_ENDPOINT') ??
    pick(env.AWS_ENDPOINT_URL_SFN, 'AWS_ENDPOINT_URL_SFN') ??
    pick(env.AWS_ENDPOINT_URL, 'AWS_ENDPOINT_URL');
  if (endpoint) {
    const url = parseEndpoint(endpoint.value, endpoint.source);
    const profile = nonEmpty(flags.profile) ?? nonEmpty(env.AWS_PROFILE);
    return {
      kind: 'endpoint',
      url,
      logsUrl:
        nonEmpty(env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS) ??
        (endpoint.source === 'AWS_ENDPOINT_URL_SFN' ? nonEmpty(env.AWS_ENDPOINT_URL) : undefined) ??
        url,
      region:
        nonEmpty(flags.region) ??
        nonEmpty(env.AWS_REGION) ??
        nonEmpty(env.AWS_DEFAULT_REGION) ??
        LOCAL_REGION,
      credentials: profile || env.AWS_ACCESS_KEY_ID ? 'default' : 'dummy',
      ...(profile ? { profile } : {}),
      source: endpoint.source,
    };
  }
  if (flags.local) return localTarget(env);
  const region = nonEmpty(flags.region) ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
  const profile = nonEmpty(flags.profile) ?? nonEmpty(env.AWS_PROFILE);
  if (region || profile)
    return { kind: 'aws', ...(region ? { region } : {}), ...(profile ? { profile } : {}) };
  return localTarget(env);
}

/**
 * The environment variables that sent this run to AWS when no flag did (`AWS_REGION`,
 * `AWS_PROFILE`…): someone who exported them for other tools may have meant the local engine.
 * Undefined when the target is not AWS or a --region/--profile flag chose it.
 */
export function awsChosenByEnvironment(flags: TargetFlags, env: Env = process.env): string[] | undefined {
  if (flags.endpoint || flags.local || nonEmpty(flags.region) || nonEmpty(flags.profile)) return undefined;
  let target: Target;
  try {
    target = resolveTarget(flags, env);
  } catch {
    return undefined;
  }
  if (target.kind !== 'aws') return undefined;
  const names = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE'].filter((name) => nonEmpty(env[name]));
  // AWS_DEFAULT_REGION is only looked at without AWS_REGION.
  return names.includes('AWS_REGION') ? names.filter((name) => name !== 'AWS_DEFAULT_REGION') : names;
}

function pick(value: string | undefined, source: string): { value: string; source: string } | undefined {
  return value ? { value, source } : undefined;
}

function parseEndpoint(value: string, source: string): string {
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value.replace(/\/+$/, '');
  } catch {
    // fall through to the usage error
  }
  throw new UsageError(`${source} "${value}" is not an http(s) URL`, {
    hint: 'pass a URL such as http://localhost:4566',
  });
}

export function localTarget(env: Env = process.env): LocalTarget {
  const port = localPort(env);
  return {
    kind: 'local',
    url: `http://${LOCAL_HOST}:${port}`,
    host: LOCAL_HOST,
    port,
    dataDir: localDataDir(env),
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT_ID,
  };
}

export function localPort(env: Env = process.env): number {
  const raw = nonEmpty(env.TASKCTL_PORT);
  if (raw === undefined) return LOCAL_DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`TASKCTL_PORT "${raw}" is not a port number`, {
      hint: 'use a number from 1 to 65535',
    });
  }
  return port;
}

/** TASKCTL_DATA_DIR, else $XDG_DATA_HOME/taskctl, else ~/.local/share/taskctl. */
export function localDataDir(env: Env = process.env, home: string = homedir()): string {
  return (
    nonEmpty(env.TASKCTL_DATA_DIR) ??
    join(nonEmpty(env.XDG_DATA_HOME) ?? join(home, '.local', 'share'), 'taskctl')
  );
}

/** The one-line target notice, e.g. `→ AWS eu-west-1 (profile prod)`. */
export function describeTarget(target: Target, resolvedRegion?: string): string {
  switch (target.kind) {
    case 'local':
      return `→ local engine ${target.url}`;
    case 'endpoint':
      return `→ endpoint ${target.url}`;
    case 'aws': {
      const region = target.region ?? resolvedRegion;
      return ['→ AWS', region, target.profile ? `(profile ${target.profile})` : undefined]
        .filter(Boolean)
        .join(' ');
    }
  }
}

/** A short name for the target in error messages. */
export function targetName(target: Target): string {
  return describeTarget(target).slice(2);
}
