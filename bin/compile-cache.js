// A V8 code cache for the CommonJS modules a command loads (dist/cli.cjs, @oclif/core, the AWS
// SDK and their dependencies): most of their load time is compiling source that has not
// changed since the last run. Node 22 does this itself (module.enableCompileCache), and is left
// to it there; Node 20 has only vm.Script's cachedData, used here the way v8-compile-cache did.
//
// One file per module and use under $XDG_CACHE_HOME/taskctl/compile-cache-<node>-<arch> (else
// ~/.cache), named after both and holding the source's path, length and CRC-32, so a
// changed module misses rather than running stale code (V8 itself only checks the length).
// Written atomically at exit, for the modules this run compiled. TASKCTL_COMPILE_CACHE=0 turns
// it off; any failure reading or writing it is ignored.
const { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { homedir } = require('node:os');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');
const { crc32 } = require('node:zlib');

// Node 20 loses a script's dynamic-import callback when it is compiled from cached data
// (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so modules that may call import() compile as usual.
const DYNAMIC_IMPORT = /\bimport\s*\((?!\))/; // not "import()", which is only ever text

// V8 caches only the functions a run has compiled, so each entry belongs to one use (the
// command run): the bundle's entry for `describe` holds what describe calls, and no more.
/**
 * Installs the cache for this process; returns its directory, or undefined when off.
 * `use` names what this run does (a command name, as above).
 */
function enableCompileCache(use, env = process.env) {
  if (env.TASKCTL_COMPILE_CACHE === '0' || !/^[a-z][a-z-]*$/.test(use)) return undefined;
  const directory = join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'taskctl');
  if (typeof Module.enableCompileCache === 'function') {
    Module.enableCompileCache(directory);
    return directory;
  }
  if (typeof crc32 !== 'function') return undefined;
  const cacheDirectory = join(directory, `compile-cache-${process.version}-${process.arch}`);
  const toWrite = [];
  const compile = Module.prototype._compile;

  Module.prototype._compile = function compileWithCache(content, filename) {
    if (DYNAMIC_IMPORT.test(content)) return compile.call(this, content, filename);
    const path = join(cacheDirectory, `${crc32(filename).toString(16)}-${filename.length}-${use}`);
    const key = `${filename}\0${content.length}\0${crc32(content)}`;
    const cachedData = readEntry(path, key);
    const script = new Script(Module.wrap(content), { filename, cachedData });
    if (!cachedData || script.cachedDataRejected) toWrite.push({ path, key, script });
    const wrapper = script.runInThisContext({ displayErrors: true });
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, dirname(filename));
  };

  // After the command ran, so that the functions it called are in the cache too.
  process.once('exit', () => {
    if (toWrite.length === 0) return;
    try {
      // Private: whoever can write here can choose the code taskctl runs.
      mkdirSync(cacheDirectory, { recursive: true, mode: 0o700 });
      for (const { path, key, script } of toWrite) writeEntry(path, key, script.createCachedData());
    } catch {
      // A read-only or full disk costs only speed.
    }
  });
  return cacheDirectory;
}

/** The `require` a CommonJS module sees, as Node builds it. */
function requireFor(module) {
  const require = (id) => module.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

// An entry: [key length u32][key utf8][V8 code cache]. The key names the exact source.
function readEntry(path, key) {
  try {
    const buffer = readFileSync(path);
    const keyLength = buffer.readUInt32LE(0);
    return buffer.toString('utf8', 4, 4 + keyLength) === key ? buffer.subarray(4 + keyLength) : undefined;
  } catch {
    return undefined;
  }
}

function writeEntry(path, key, data) {
  const keyBytes = Buffer.from(key, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(keyBytes.length);
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([length, keyBytes, data]));
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}

module.exports = { enableCompileCache };
