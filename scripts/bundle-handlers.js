// Bundles each Lambda handler (src/handlers/NAME.ts, as compiled to dist/handlers/NAME.js) with
// what it imports into one ESM file, dist/lambda/NAME.mjs: what `taskctl deploy` zips and uploads.
// At build time because esbuild is a dev dependency. No minification and no timestamps, so the
// same source gives the same bytes (and the same CodeSha256 on Lambda).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const HANDLERS = ['CreateTask', 'CheckTaskStatus', 'TaskCompleted'];

await Promise.all(
  HANDLERS.map((name) =>
    build({
      entryPoints: [`${root}dist/handlers/${name}.js`],
      outfile: `${root}dist/lambda/${name}.mjs`,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      legalComments: 'none',
      logLevel: 'warning',
    }),
  ),
);
