/* global require */
// Preloaded with `node -r` by the startup test: reports which CommonJS modules were loaded.
// The AWS SDK and better-sqlite3 are CommonJS, so they show up here whenever they are imported.
process.on('exit', () => {
  process.stderr.write(`LOADED_MODULES ${JSON.stringify(Object.keys(require.cache))}\n`);
});
