import { createRequire } from 'node:module';

// asl-validator with its JSON schemas compiled once per process. Each call of asl-validator
// builds a new Ajv, adds its formats and keywords and compiles every schema again: 100–600 ms of
// CPU per definition, the engine's largest cost in CreateStateMachine (the library has no option
// to reuse one; 4.0.0 is its latest). During our own synchronous call only, its `new Ajv()` gets
// the instance the first call built, so the compiled schemas are reused; what it then adds again
// (the same formats, the same keywords) is skipped.

export interface AslValidatorError {
  'Error code': string;
  Message: string;
  schemaError?: { instancePath: string; schemaPath: string };
}
type AslValidator = (definition: unknown) => { isValid: boolean; errors: AslValidatorError[] };
type AjvClass = new (options: unknown) => object;

const fromHere = createRequire(import.meta.url);
// Loaded at the first definition, not at engine start (ajv and the schemas are ~90 modules).
let loaded: { aslValidator: AslValidator; ajvModule: { default: AjvClass } } | undefined;
const load = () =>
  (loaded ??= {
    // asl-validator is CommonJS without type declarations.
    aslValidator: fromHere('asl-validator') as AslValidator,
    // The module object asl-validator reads `default` from on each call (`new ajv_1.default(…)`).
    ajvModule: createRequire(fromHere.resolve('asl-validator'))('ajv') as { default: AjvClass },
  });

let compiled: object | undefined;
let reused: object | undefined;

/** The first instance, with everything that would add a format or keyword a second time made a no-op. */
function reuse(instance: object): object {
  return new Proxy(instance, {
    get(target, key) {
      if (key === 'addFormat' || key === 'addKeyword') return () => reused;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export function validateAslSchema(definition: unknown): AslValidatorError[] {
  const { aslValidator, ajvModule } = load();
  const Ajv = ajvModule.default;
  ajvModule.default = function SharedAjv(options: unknown) {
    if (compiled) return (reused ??= reuse(compiled));
    // Compiled once, so its cost is the engine's first CreateStateMachine: the library's own fixed
    // schemas need no check against the meta-schema, nor optimising passes (~45% less CPU).
    const given = options as { code?: object };
    compiled = new Ajv({ ...given, validateSchema: false, code: { ...given.code, optimize: false } });
    return compiled;
  } as unknown as AjvClass;
  try {
    return aslValidator(definition).errors;
  } finally {
    ajvModule.default = Ajv;
  }
}
