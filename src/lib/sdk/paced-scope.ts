import { AsyncLocalStorage } from 'node:async_hooks';

// Which SDK calls are paid from a Pacer (made inside pacedCall): their throttling is the Pacer's
// to retry, not the SDK's (see paced-retry.ts). Its own module, so pacedCall marks its calls
// without loading the SDK.

const paced = new AsyncLocalStorage<true>();

/** Runs `call` with any throttling of its SDK calls left to the caller, who paces and retries it. */
export function throttlingLeftToCaller<T>(call: () => Promise<T>): Promise<T> {
  return paced.run(true, call);
}

/** Whether the SDK call running now was made inside throttlingLeftToCaller. */
export const inPacedCall = (): boolean => paced.getStore() === true;
