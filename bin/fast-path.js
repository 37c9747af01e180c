// Answers `taskctl --version` and help requests without loading @oclif/core (about 90 ms of
// module loading), when the answer is certain to be byte-identical to what oclif would print:
//
// - `--version` (and `-v`, package.json's additionalVersionFlags, and the `version` command on
//   its own) prints oclif's user agent, `<name>/<version> <platform>-<arch> node-<version>`;
// - help requests that scripts/render-help.js pre-rendered at build time with oclif's own
//   renderer (dist/help.json), served only when oclif would render them the same way now:
//   stdout is not a TTY (so 80 columns), OCLIF_COLUMNS is unset and oclif's colour library
//   (ansis) sees no colour support.
//
// Anything else, or any doubt (DEBUG set, possible WSL, a stale dist/help.json, …), returns
// false and bin/run.js hands the request to oclif as before.
//
// The service commands have a fast path of their own, runBundled(): see src/direct.ts.
const { existsSync, readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { arch, release } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');

/** Handles argv if it can; returns whether it did. */
function fastPath(argv, env = process.env) {
  if (!allowed(env)) return false;
  if (argv[0] === '--version' || argv[0] === '-v') return version();
  if (argv.length === 1 && argv[0] === 'version') return version();
  return help(argv, env);
}

/**
 * The command argv names if the bundle dist/cli.cjs runs it (src/direct.ts), else undefined;
 * a topic's command (`task succeed`, id task:succeed) comes back as `task-succeed`, the name
 * its compiled code is cached under. Both are built by scripts/bundle-cli.js; without them (a
 * plain `tsc` build) oclif runs all.
 */
function bundledCommand(argv, env = process.env) {
  if (!allowed(env) || argv.includes('--help') || argv.includes('-h')) return undefined;
  try {
    const { commands } = JSON.parse(readFileSync(join(root, 'dist', 'cli.json'), 'utf8'));
    const id = [`${argv[0]}:${argv[1]}`, argv[0]].find((candidate) => commands.includes(candidate));
    return id && existsSync(join(root, 'dist', 'cli.cjs')) ? id.replace(':', '-') : undefined;
  } catch {
    return undefined;
  }
}

/** Runs a bundled command (see bundledCommand); returns whether it did. */
async function runBundled(argv) {
  const agent = userAgent();
  if (!agent) return false;
  return require(join(root, 'dist', 'cli.cjs')).runDirect(argv, agent);
}

// TASKCTL_FAST_PATH=0 sends everything through oclif; so does any debug output.
const allowed = (env) =>
  !(env.TASKCTL_FAST_PATH === '0' || env.DEBUG || env.TASKCTL_DEBUG || env.OCLIF_DEBUG);

function version() {
  const agent = userAgent();
  if (!agent) return false;
  write(`${agent}\n`);
  return true;
}

function help(argv, env) {
  if (argv.length > 4 || !(argv.length === 0 || argv.includes('--help') || argv[0] === 'help')) return false;
  if (process.stdout.isTTY || env.OCLIF_COLUMNS || process.platform === 'win32') return false;
  let rendered;
  try {
    rendered = JSON.parse(readFileSync(join(root, 'dist', 'help.json'), 'utf8'));
  } catch {
    return false;
  }
  const index = rendered.forms[JSON.stringify(argv)];
  if (index === undefined) return false;
  const agent = userAgent();
  if (!agent || !agent.startsWith(`${rendered.name}/${rendered.version} `) || agent.length > 70) return false;
  // The same instance of ansis that oclif's help would use decides about colour.
  const ansis = createRequire(require.resolve('@oclif/core'))('ansis');
  if (ansis.isSupported()) return false;
  write(rendered.texts[index].split(rendered.userAgent).join(agent));
  return true;
}

/** oclif's Config#userAgent, or undefined when this cannot be sure of it. */
function userAgent() {
  let pjson;
  try {
    pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  } catch {
    return undefined;
  }
  // Other version flags than -v would be oclif's to answer.
  const versionFlags = pjson.oclif?.additionalVersionFlags ?? [];
  if (!pjson.name || !pjson.version || versionFlags.some((flag) => flag !== '-v')) return undefined;
  // oclif reports WSL as platform "wsl" (after ruling out containers); leave that to it.
  if (process.platform === 'linux' && maybeWsl()) return undefined;
  const cpu = arch() === 'ia32' ? 'x86' : arch();
  return `${pjson.name}/${pjson.version} ${process.platform}-${cpu} node-${process.version}`;
}

function maybeWsl() {
  if (release().toLowerCase().includes('microsoft')) return true;
  try {
    if (readFileSync('/proc/version', 'utf8').toLowerCase().includes('microsoft')) return true;
  } catch {
    // no /proc: not something is-wsl would call WSL either, unless the paths below exist
  }
  return existsSync('/proc/sys/fs/binfmt_misc/WSLInterop') || existsSync('/run/WSL');
}

/** Like oclif's console.log: a closed pipe (`taskctl --help | head -1`) is not an error. */
function write(text) {
  process.stdout.on('error', () => {});
  process.stdout.write(text);
}

module.exports = { bundledCommand, fastPath, runBundled };
