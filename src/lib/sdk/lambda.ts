import { createRequire } from 'node:module';
import type * as LambdaSdk from '@aws-sdk/client-lambda';
import type { FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { Target } from '../target.js';
import { clientConfig } from './client-config.js';
import { ServiceWrapper } from './service-wrapper.js';
import type { ConnectOptions } from './options.js';
import { withoutNodeVersionWarning } from './quiet.js';

// The Lambda calls `deploy` and `destroy` make. Loaded only by them (dynamic import in index.ts).
const {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  LambdaClient,
  ListTagsCommand,
  TagResourceCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  paginateListFunctions,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
} = createRequire(import.meta.url)('@aws-sdk/client-lambda') as typeof LambdaSdk;
type LambdaClient = LambdaSdk.LambdaClient;

/** A function as deploy compares it: its configuration and its tags. */
export interface DeployedFunction {
  configuration: FunctionConfiguration;
  tags: Record<string, string>;
}

export interface FunctionSettings {
  name: string;
  zip: Uint8Array;
  runtime: string;
  handler: string;
  role: string;
  timeout: number;
  memorySize: number;
  tags: Record<string, string>;
}

/** How long to wait for a function to become Active or finish an update (Lambda's own waiters). */
const READY_WAIT_SECONDS = 300;

export class LambdaFunctions extends ServiceWrapper<LambdaClient> {
  constructor(
    target: Target,
    private readonly lambda: LambdaClient,
    options: ConnectOptions = {},
  ) {
    super(target, lambda, options, 'Lambda');
  }

  /** GetFunction; undefined when there is no such function. */
  async getFunction(name: string): Promise<DeployedFunction | undefined> {
    try {
      const found = await this.lambda.send(new GetFunctionCommand({ FunctionName: name }), this.sendOptions);
      return { configuration: found.Configuration ?? {}, tags: found.Tags ?? {} };
    } catch (error) {
      if ((error as { name?: string })?.name === 'ResourceNotFoundException') return undefined;
      throw this.mapError(error);
    }
  }

  createFunction(settings: FunctionSettings): Promise<FunctionConfiguration> {
    return this.call(() =>
      this.lambda.send(
        new CreateFunctionCommand({
          FunctionName: settings.name,
          Code: { ZipFile: settings.zip },
          Runtime: settings.runtime as LambdaSdk.Runtime,
          Handler: settings.handler,
          Role: settings.role,
          Timeout: settings.timeout,
          MemorySize: settings.memorySize,
          PackageType: 'Zip',
          Tags: settings.tags,
        }),
        this.sendOptions,
      ),
    );
  }

  updateCode(name: string, zip: Uint8Array): Promise<FunctionConfiguration> {
    return this.call(() =>
      this.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: name, ZipFile: zip }), this.sendOptions),
    );
  }

  updateConfiguration(settings: Omit<FunctionSettings, 'zip' | 'tags'>): Promise<FunctionConfiguration> {
    return this.call(() =>
      this.lambda.send(
        new UpdateFunctionConfigurationCommand({
          FunctionName: settings.name,
          Runtime: settings.runtime as LambdaSdk.Runtime,
          Handler: settings.handler,
          Role: settings.role,
          Timeout: settings.timeout,
          MemorySize: settings.memorySize,
        }),
        this.sendOptions,
      ),
    );
  }

  tag(arn: string, tags: Record<string, string>): Promise<unknown> {
    return this.call(() =>
      this.lambda.send(new TagResourceCommand({ Resource: arn, Tags: tags }), this.sendOptions),
    );
  }

  async listTags(arn: string): Promise<Record<string, string>> {
    const found = await this.call(() =>
      this.lambda.send(new ListTagsCommand({ Resource: arn }), this.sendOptions),
    );
    return found.Tags ?? {};
  }

  /** Every function's configuration (ListFunctions page by page). */
  async listFunctions(): Promise<FunctionConfiguration[]> {
    return this.call(async () => {
      const found: FunctionConfiguration[] = [];
      for await (const page of paginateListFunctions({ client: this.lambda }, {}))
        found.push(...(page.Functions ?? []));
      return found;
    });
  }

  deleteFunction(name: string): Promise<unknown> {
    return this.call(() =>
      this.lambda.send(new DeleteFunctionCommand({ FunctionName: name }), this.sendOptions),
    );
  }

  /** Waits until the function is Active (after a create) or its last update is Successful. */
  async waitUntilReady(name: string, after: 'create' | 'update'): Promise<void> {
    const waiter = after === 'create' ? waitUntilFunctionActiveV2 : waitUntilFunctionUpdatedV2;
    await this.call(() =>
      waiter(
        {
          client: this.lambda,
          maxWaitTime: READY_WAIT_SECONDS,
          minDelay: 1,
          abortSignal: this.sendOptions.abortSignal,
        },
        { FunctionName: name },
      ),
    );
  }
}

export function createLambdaFunctions(target: Target, options: ConnectOptions = {}): LambdaFunctions {
  const url = target.kind === 'endpoint' ? process.env.AWS_ENDPOINT_URL_LAMBDA || target.url : undefined;
  const client = withoutNodeVersionWarning(() => new LambdaClient(clientConfig(target, options, url)));
  return new LambdaFunctions(target, client, options);
}
