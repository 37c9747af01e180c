// What a command asks of the SDK wrapper; its own module so index.ts and clients.ts share it
// without importing each other.

export interface ConnectOptions {
  /** Aborts in-flight requests on Ctrl-C. */
  signal?: AbortSignal;
  /** How long one attempt of a request may take, from connecting to the last byte of the answer. */
  timeoutMs?: number;
}
