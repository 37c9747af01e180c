// The architecture of docs/architecture.md, checked by `npm run lint` (depcruise src).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-file-cycles',
      comment:
        'A cycle between files (type-only imports included) means two modules are one; merge or split them.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'A cycle between folders means the layering is lost; move the shared piece down a level.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'shared-modules-are-pure',
      comment:
        'src/aws (AWS facts and formats) and src/contract (what the engine says of itself) are what the engine and the CLI share: no I/O, no other project code.',
      severity: 'error',
      from: { path: '^src/(aws|contract)/' },
      to: { pathNot: '^src/(aws|contract)/' },
    },
    {
      name: 'engine-stands-alone',
      comment:
        'The engine shares only src/aws and src/contract with the CLI (and runs the bundled handlers as Lambda code).',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^src/', pathNot: '^src/(engine|aws|contract|handlers)/' },
    },
    {
      name: 'cli-core-does-not-import-the-engine',
      comment: 'src/lib talks to any engine over HTTP; only `taskctl dev` loads the engine itself.',
      severity: 'error',
      from: { path: '^src/lib/' },
      to: { path: '^src/engine/' },
    },
    {
      name: 'handlers-stand-alone',
      comment: 'The bundled handlers are deployed as Lambda code: they import nothing else of the project.',
      severity: 'error',
      from: { path: '^src/handlers/' },
      to: { path: '^src/', pathNot: '^src/handlers/' },
    },
    {
      name: 'sdk-only-sends-requests',
      comment:
        'The SDK wrapper never starts processes: target resolution starts the local engine before the first call.',
      severity: 'error',
      from: { path: '^src/lib/sdk/' },
      to: { path: ['^src/lib/local-engine', '^src/engine/', '^child_process$', '^node:child_process$'] },
    },
    {
      name: 'only-the-sdk-wrapper-imports-the-sdk',
      comment: 'One wrapper (src/lib/sdk) is the only importer of @aws-sdk/*, so it can be loaded lazily.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/lib/sdk/' },
      to: { path: 'node_modules/@aws-sdk/' },
    },
    {
      name: 'render-draws-types-only',
      comment: 'Views import only types from the features they draw (plus other views and src/aws).',
      severity: 'error',
      from: { path: '^src/lib/render/' },
      to: { path: '^src/', pathNot: '^src/(lib/render|aws)/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
