// Compiles src/**/*.ts to dist/ one file for one file (no bundling), as tsc would emit them.
// esbuild only strips types, in about a second where tsc takes twelve: type checking is
// `npm run lint`'s job (tsc -p tsconfig.test.json covers src/ and test/), and
// `isolatedModules` in tsconfig.json makes tsc refuse what a per-file compiler cannot do.
import { build } from 'esbuild';
import { readdirSync } from 'node:fs';

const entryPoints = readdirSync('src', { recursive: true })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => `src/${file}`);

await build({
  entryPoints,
  outdir: 'dist',
  outbase: 'src',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  bundle: false,
  tsconfig: 'tsconfig.build.json',
  logLevel: 'warning',
});
