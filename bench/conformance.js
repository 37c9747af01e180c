// Measures the engine against AWS-recorded executions it is not tested on (test/conformance/holdout/):
// status, event types and every event's details, beside the 95% target. `npm run build` first.
//   node bench/conformance.js [holdout|cases]
// The measuring code is the corpus test's own (TypeScript), bundled here with esbuild.
import { build } from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { root, startEngine } from './support.js';

const TARGET = 95;
const folder = process.argv[2] ?? 'holdout';

const bundled = await build({
  entryPoints: [join(root, 'test/conformance/measure.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  write: false,
  packages: 'external',
  absWorkingDir: root,
});
const dir = mkdtempSync(join(root, 'node_modules', '.conformance-'));
const modulePath = join(dir, 'measure.mjs');
writeFileSync(modulePath, bundled.outputFiles[0].text);
const { measure } = await import(pathToFileURL(modulePath).href);
rmSync(dir, { recursive: true, force: true });

const engine = await startEngine(['--speed', '100', '--handlers', join(root, 'test/conformance/handlers')]);
try {
  const { line, divergent } = await measure(engine.url, join(root, 'test/conformance'), folder, TARGET);
  for (const d of divergent) console.log(d);
  console.log(line);
} finally {
  await engine.stop();
}
