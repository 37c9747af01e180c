import type { Target } from '../target.js';
import { eitherSignal } from '../signals.js';
import { mapServiceError } from './errors.js';
import type { ConnectOptions } from './options.js';

// What the IAM, Lambda and CloudWatch Logs wrappers share: one client for one target, whose calls
// stop on Ctrl-C or close(), and whose errors are mapped as every other service's are.

export abstract class ServiceWrapper<Client extends { destroy(): void }> {
  /** Aborted by close(), so nothing still in flight is retried once the command is done. */
  private readonly closing = new AbortController();

  protected constructor(
    readonly target: Target,
    private readonly client: Client,
    protected readonly options: ConnectOptions,
    /** The service's name in error messages ("IAM", "Lambda", "CloudWatch Logs"). */
    private readonly service: string,
  ) {}

  /** A call's options: it ends on Ctrl-C (the command's signal) or close(). */
  protected get sendOptions(): { abortSignal: AbortSignal } {
    return { abortSignal: eitherSignal(this.closing.signal, this.options.signal) };
  }

  protected mapError(error: unknown): Error {
    return mapServiceError(error, {
      target: this.target,
      timeoutMs: this.options.timeoutMs,
      service: this.service,
    });
  }

  /** Runs `action` with the abort signal, mapping what it throws. */
  protected async call<T>(action: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await action(this.sendOptions.abortSignal);
    } catch (error) {
      throw this.mapError(error);
    }
  }

  /** Releases sockets so the process can exit as soon as the command is done. */
  close(): void {
    this.closing.abort();
    this.client.destroy();
  }
}
