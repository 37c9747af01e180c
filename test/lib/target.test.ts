import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/lib/errors.js';
import {
  awsChosenByEnvironment,
  describeTarget,
  localDataDir,
  resolveTarget,
  type TargetFlags,
} from '../../src/lib/target.js';

const env = (vars: Record<string, string> = {}) => ({ TASKCTL_DATA_DIR: '/data', ...vars });

describe('resolveTarget precedence (design §2)', () => {
  const cases: Array<[string, TargetFlags, Record<string, string>, string]> = [
    ['nothing configured → local engine', {}, {}, 'local http://127.0.0.1:8083'],
    ['--endpoint flag', { endpoint: 'http://x:1' }, {}, 'endpoint http://x:1'],
    [
      '--endpoint beats TASKCTL_ENDPOINT',
      { endpoint: 'http://x:1' },
      { TASKCTL_ENDPOINT: 'http://y:2' },
      'endpoint http://x:1',
    ],
    [
      'TASKCTL_ENDPOINT beats AWS_ENDPOINT_URL_SFN',
      {},
      { TASKCTL_ENDPOINT: 'http://y:2', AWS_ENDPOINT_URL_SFN: 'http://z:3' },
      'endpoint http://y:2',
    ],
    [
      'AWS_ENDPOINT_URL_SFN beats AWS_ENDPOINT_URL',
      {},
      { AWS_ENDPOINT_URL_SFN: 'http://z:3', AWS_ENDPOINT_URL: 'http://w:4' },
      'endpoint http://z:3',
    ],
    ['AWS_ENDPOINT_URL', {}, { AWS_ENDPOINT_URL: 'http://w:4' }, 'endpoint http://w:4'],
    [
      'an endpoint env beats --local (rule 1 before rule 2)',
      { local: true },
      { TASKCTL_ENDPOINT: 'http://y:2' },
      'endpoint http://y:2',
    ],
    ['--local beats --region', { local: true, region: 'eu-west-1' }, {}, 'local http://127.0.0.1:8083'],
    ['--local beats AWS_PROFILE', { local: true }, { AWS_PROFILE: 'prod' }, 'local http://127.0.0.1:8083'],
    ['--region → AWS', { region: 'eu-west-1' }, {}, 'aws eu-west-1 -'],
    ['--profile → AWS', { profile: 'prod' }, {}, 'aws - prod'],
    ['AWS_PROFILE → AWS', {}, { AWS_PROFILE: 'prod' }, 'aws - prod'],
    ['AWS_REGION → AWS', {}, { AWS_REGION: 'eu-west-1' }, 'aws eu-west-1 -'],
    ['AWS_DEFAULT_REGION → AWS', {}, { AWS_DEFAULT_REGION: 'eu-central-1' }, 'aws eu-central-1 -'],
    ['--region beats AWS_REGION', { region: 'eu-west-1' }, { AWS_REGION: 'us-west-2' }, 'aws eu-west-1 -'],
    [
      'AWS_REGION beats AWS_DEFAULT_REGION',
      {},
      { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'eu-west-1' },
      'aws us-west-2 -',
    ],
    [
      '--profile beats AWS_PROFILE',
      { profile: 'a' },
      { AWS_PROFILE: 'b', AWS_REGION: 'us-west-2' },
      'aws us-west-2 a',
    ],
    [
      'empty variables count as unset',
      {},
      { AWS_PROFILE: '', AWS_REGION: '', TASKCTL_ENDPOINT: '' },
      'local http://127.0.0.1:8083',
    ],
    ['TASKCTL_PORT moves the local engine', {}, { TASKCTL_PORT: '9999' }, 'local http://127.0.0.1:9999'],
  ];

  it.each(cases)('%s', (_title, flags, vars, expected) => {
    const target = resolveTarget(flags, env(vars));
    const summary =
      target.kind === 'aws'
        ? `aws ${target.region ?? '-'} ${target.profile ?? '-'}`
        : `${target.kind} ${target.url}`;
    expect(summary).toBe(expected);
  });

  it('gives the local engine its account, region and data dir', () => {
    expect(resolveTarget({}, env())).toMatchObject({
      kind: 'local',
      region: 'us-east-1',
      accountId: '123456789012',
      dataDir: '/data',
      port: 8083,
    });
  });

  it('uses dummy credentials for endpoints unless some are configured', () => {
    expect(resolveTarget({ endpoint: 'http://x:1' }, {})).toMatchObject({
      credentials: 'dummy',
      region: 'us-east-1',
    });
    expect(resolveTarget({ endpoint: 'http://x:1', profile: 'p' }, {})).toMatchObject({
      credentials: 'default',
      profile: 'p',
    });
    expect(
      resolveTarget({ endpoint: 'http://x:1' }, { AWS_ACCESS_KEY_ID: 'k', AWS_REGION: 'eu-west-1' }),
    ).toMatchObject({
      credentials: 'default',
      region: 'eu-west-1',
    });
  });

  it('sends CloudWatch Logs to the same endpoint unless its own variable is set', () => {
    expect(resolveTarget({ endpoint: 'http://x:1' }, {})).toMatchObject({ logsUrl: 'http://x:1' });
    expect(
      resolveTarget({}, { AWS_ENDPOINT_URL_SFN: 'http://s:1', AWS_ENDPOINT_URL: 'http://all:2' }),
    ).toMatchObject({
      url: 'http://s:1',
      logsUrl: 'http://all:2',
    });
    expect(
      resolveTarget({ endpoint: 'http://x:1' }, { AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: 'http://l:3' }),
    ).toMatchObject({
      logsUrl: 'http://l:3',
    });
  });

  it('rejects a malformed endpoint or port as usage errors', () => {
    expect(() => resolveTarget({ endpoint: 'localhost:4566' }, {})).toThrow(UsageError);
    expect(() => resolveTarget({}, { TASKCTL_PORT: 'eighty' })).toThrow(/TASKCTL_PORT "eighty"/);
  });
});

describe('localDataDir', () => {
  it('prefers TASKCTL_DATA_DIR, then XDG_DATA_HOME, then ~/.local/share', () => {
    expect(localDataDir({ TASKCTL_DATA_DIR: '/d', XDG_DATA_HOME: '/x' }, '/home/u')).toBe('/d');
    expect(localDataDir({ XDG_DATA_HOME: '/x' }, '/home/u')).toBe('/x/taskctl');
    expect(localDataDir({}, '/home/u')).toBe('/home/u/.local/share/taskctl');
  });
});

describe('describeTarget', () => {
  it('prints the notice lines of design §2', () => {
    expect(describeTarget(resolveTarget({}, env()))).toBe('→ local engine http://127.0.0.1:8083');
    expect(describeTarget(resolveTarget({ region: 'eu-west-1', profile: 'prod' }, {}))).toBe(
      '→ AWS eu-west-1 (profile prod)',
    );
    expect(describeTarget(resolveTarget({ profile: 'prod' }, {}), 'eu-west-2')).toBe(
      '→ AWS eu-west-2 (profile prod)',
    );
    expect(describeTarget(resolveTarget({ endpoint: 'http://localhost:4566/' }, {}))).toBe(
      '→ endpoint http://localhost:4566',
    );
  });
});

describe('awsChosenByEnvironment', () => {
  it('names the variables that chose AWS when no flag did', () => {
    expect(awsChosenByEnvironment({}, env({ AWS_REGION: 'us-east-1' }))).toEqual(['AWS_REGION']);
    expect(
      awsChosenByEnvironment({}, env({ AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'x', AWS_PROFILE: 'p' })),
    ).toEqual(['AWS_REGION', 'AWS_PROFILE']);
    expect(awsChosenByEnvironment({}, env({ AWS_DEFAULT_REGION: 'us-west-2' }))).toEqual([
      'AWS_DEFAULT_REGION',
    ]);
  });

  it('is undefined when a flag chose the target, or the target is not AWS', () => {
    const aws = env({ AWS_REGION: 'us-east-1' });
    expect(awsChosenByEnvironment({ region: 'us-east-1' }, aws)).toBeUndefined();
    expect(awsChosenByEnvironment({ profile: 'prod' }, aws)).toBeUndefined();
    expect(awsChosenByEnvironment({ local: true }, aws)).toBeUndefined();
    expect(awsChosenByEnvironment({}, env({ ...aws, TASKCTL_ENDPOINT: 'http://x:1' }))).toBeUndefined();
    expect(awsChosenByEnvironment({}, env())).toBeUndefined();
  });
});
