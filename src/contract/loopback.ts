// Addresses that reach this machine only. The engine binds one unless told otherwise and answers
// loopback Host names; the CLI knows a service there reads the same clock as itself. Pure, like
// src/aws.

export const LOOPBACK_NAMES: readonly string[] = ['localhost', '127.0.0.1', '::1'];

/** Whether `host` (a name or an IP literal, brackets allowed) is this machine's loopback. */
export function isLoopbackAddress(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  return LOOPBACK_NAMES.includes(name) || /^127\.\d+\.\d+\.\d+$/.test(name);
}
