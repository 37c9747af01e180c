// The AWS SDK warns via process.emitWarning, once per process, that Node 20 support ends in
// 2027. Users can do nothing about it from taskctl, so exactly that warning is dropped while
// a client is being built; every other warning passes through.
const NODE_VERSION_WARNING = /^NodeVersionSupportWarning\b/;

export function withoutNodeVersionWarning<T>(build: () => T): T {
  const original = process.emitWarning;
  process.emitWarning = function (warning: string | Error, ...rest: unknown[]) {
    const text = typeof warning === 'string' ? warning : warning?.message;
    if (NODE_VERSION_WARNING.test(text ?? '')) return;
    return (original as (...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  try {
    return build();
  } finally {
    process.emitWarning = original;
  }
}
